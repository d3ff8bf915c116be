"""The Gradio chat UI of adstudio."""
