"""``python -m exporter`` is ``newsexport``."""

from .cli import main

main()
