"""Revisions of the cost ledger."""
