"""The conversation: graph, state, context, guard nodes, toolkit, runtime, events, local planner."""
