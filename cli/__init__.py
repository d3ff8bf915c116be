"""The ``adstudio`` command: one module per command group, each imported when it runs."""
