"""adstudio over HTTP: REST + SSE, MCP and AdCP on the capability registry."""
