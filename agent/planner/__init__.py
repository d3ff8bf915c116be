"""The offline planner: a chat model that reads requests with language rules and calls tools."""
