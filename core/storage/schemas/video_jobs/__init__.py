"""Revisions of the video job store: one record per remote video job."""
