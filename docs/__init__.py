"""Documentation assets and the script that renders the README gallery."""
