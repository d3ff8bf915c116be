"""The language suite: everyday requests, scored on the tool calls they lead to."""
