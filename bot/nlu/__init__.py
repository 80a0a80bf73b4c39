"""Custom NLU components, named in config.yml by their import path."""
