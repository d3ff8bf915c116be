"""What the agent can do: the capability SDK, the capabilities, their cost, the composition root."""
