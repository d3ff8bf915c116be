"""The REST routers: threads, runs, assets, capabilities and operations."""
