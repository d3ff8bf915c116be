"""A chat model on a server the user runs: Ollama or any OpenAI-compatible one."""
