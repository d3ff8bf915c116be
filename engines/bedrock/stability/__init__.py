"""Stability AI on Bedrock: the client, request bodies, image services, responses."""
