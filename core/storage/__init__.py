"""Where things are kept: assets, brand kits, video jobs, uploads, and the SQLite helper."""
