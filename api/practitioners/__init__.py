"""Practitioners: the social workers who read and follow up the plans people send."""
