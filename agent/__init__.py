"""The adstudio agent: settings, state, chat-model factory, local planner, graph, runtime, CLI."""
