"""Revisions of the audit log."""
