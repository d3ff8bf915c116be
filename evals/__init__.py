"""Scripted evaluation of agent runs: scenarios, runner, evaluators, reports, comparison."""
