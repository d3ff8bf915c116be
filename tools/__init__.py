"""adstudio capabilities: the capability SDK, the asset store, and the engines behind them."""
