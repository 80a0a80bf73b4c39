"""Talking Points outcome areas on the things that matter, and themes for planning services."""
