"""One module per ``newsexport`` verb; shared options and reporting in ``common``."""
