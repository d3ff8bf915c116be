"""The offline batch: a product catalog in, ready ad assets out (``adstudio batch``).

catalog → validation (every bad row, with its line) → plan and cost estimate → SQLite job
store (one row per product × step) → the registry's capabilities run on a process pool or
a Ray cluster → a folder per product, ``manifest.csv``/``manifest.json`` and a contact sheet.
"""
