"""A hint for the TOML error a planner meets first: a Chinese key written bare."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

__all__ = ["chinese_key_hint"]


def chinese_key_hint(path: Path, exc: tomllib.TOMLDecodeError) -> str:
    """Say how to write a Chinese key when TOML refused one (bare keys are ASCII only)."""
    line = getattr(exc, "lineno", None)  # Python >= 3.14 has it; else read the message
    match = re.search(r"line (\d+)", str(exc)) if line is None else None
    number = line if line is not None else int(match.group(1)) if match else 0
    try:
        text = path.read_text(encoding="utf-8").splitlines()[number - 1] if number else ""
    except (OSError, UnicodeDecodeError, IndexError):
        return ""
    key = text.split("=", 1)[0].strip()
    if "=" not in text or key.isascii() or key.startswith(('"', "'")):
        return ""
    return (f'; a key in Chinese must be quoted: "{key}" = ... (a lever may be named in '
            "Chinese; an uncertainty by its key)")
