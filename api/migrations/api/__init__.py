"""Revisions of the API database: threads, runs and their events."""
