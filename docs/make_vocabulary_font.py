"""Rebuild the vocabulary font of report.html (``huaian_forecast/report/_fonts``).

Run from anywhere after adding Chinese text to the package or its data:
``python docs/make_vocabulary_font.py``. It writes the glyphs of every non-ASCII
character in the package's ``.py`` files and in ``data/`` (``.toml``, ``.csv``), cut from
the full Noto Sans SC of ``pylopdf-fonts-zh-cn`` (SIL Open Font License 1.1), and the list
of its characters beside it (``NotoSansSC-vocabulary.txt``, read to decide whether a page
can embed the font whole). ``tests/report/test_html_font.py`` fails when the shipped font
misses a character or the list does not match it.
"""

from __future__ import annotations

from pathlib import Path

from huaian_forecast.report._html_font import (
    VOCABULARY_FONT,
    build_vocabulary_font,
    package_characters,
)

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Write the font and say how many characters and bytes it holds."""
    text = package_characters([ROOT / "huaian_forecast", ROOT / "data"])
    out = ROOT / "huaian_forecast" / "report" / "_fonts" / VOCABULARY_FONT
    written = build_vocabulary_font(out, text)
    print(f"{out.relative_to(ROOT)}: {len(text)} characters, {written:,} bytes")


if __name__ == "__main__":
    main()
