"""The ad policy: text rules (policy.yaml), image checks, injection detection, the audit log."""
