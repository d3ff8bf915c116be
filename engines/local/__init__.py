"""The local engine: offline, deterministic, no credentials, no GPU."""
