"""Bedrock engines: the real models behind the capabilities (need an AWS account)."""
