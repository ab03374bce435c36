"""Stage 9, command line: ``huaian-forecast`` parses arguments and calls the library.

``main`` (the entry point) and the parser live in :mod:`.main`; shared options and
printing in :mod:`.common`; one module per command group (:mod:`.analysis`,
:mod:`.report`); the terminal progress bar in :mod:`.progress`.
"""

from __future__ import annotations

from huaian_forecast.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
