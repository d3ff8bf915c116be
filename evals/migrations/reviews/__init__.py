"""Revisions of the review store: runs, items, ratings, preferences, marks and reviewers."""
