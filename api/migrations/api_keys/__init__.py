"""Revisions of the API keys store."""
