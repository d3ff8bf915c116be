"""Revisions of the asset index: each asset's metadata, lineage and tenant."""
