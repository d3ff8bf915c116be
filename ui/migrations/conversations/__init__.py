"""Revisions of the Chat tab's list of conversations."""
