"""The ``adstudio`` command: one module per command group, each importing its work when run."""
