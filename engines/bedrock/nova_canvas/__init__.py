"""Amazon Nova Canvas on Bedrock: the client, request bodies, masks, sizes, responses."""
