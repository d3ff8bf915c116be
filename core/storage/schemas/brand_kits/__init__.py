"""Revisions of the brand kits store: one kit per tenant."""
