"""The Chinese glyphs of one HTML page, embedded: the packaged Noto Sans SC or a subset of it.

A reader whose system has a CJK font uses it (it comes first in the page's font stack);
on a machine without one (many Linux servers, a fresh container) the page would show empty
boxes. So the page carries, inline as a ``data:`` URL, a font with the characters it
uses (Noto Sans SC, SIL Open Font License 1.1, from the ``pylopdf-fonts-zh-cn``
dependency). Nothing is fetched.

The package ships a *vocabulary font* (``_fonts/NotoSansSC-vocabulary.otf``, 145 kB,
same licence, ``_fonts/OFL.txt``): the glyphs of every non-ASCII character in the
package's own text and bundled data, made by :func:`build_vocabulary_font`, with the list
of its characters beside it (``NotoSansSC-vocabulary.txt``). A page whose characters are
all in it embeds it whole (195 kB as base64): no subsetting and no fontTools import,
about 0.3 s less per report than cutting a 60 kB subset. A page with any other
character (a region or scenario name of the user's) embeds a subset of the full 8 MB
font with just its characters (about 0.4 s, most of it parsing the font). A test checks
that the vocabulary font covers the package's text and that the list matches the font.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from huaian_forecast.report.fonts import packaged_font_path

__all__ = ["EMBEDDED_FAMILY", "build_vocabulary_font", "embedded_font_css", "font_characters",
           "package_characters", "vocabulary_characters", "vocabulary_font_path"]

#: CSS family name of the embedded subset (placed after the system CJK fonts).
EMBEDDED_FAMILY = "HF Noto Sans SC"
#: File name of the vocabulary font inside ``huaian_forecast/report/_fonts``.
VOCABULARY_FONT = "NotoSansSC-vocabulary.otf"
#: File name of the list of its characters (UTF-8, sorted, no separator).
VOCABULARY_CHARACTERS = "NotoSansSC-vocabulary.txt"


def _needs_cjk(text: str) -> bool:
    return any("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\uffef" for c in text)


def vocabulary_font_path() -> Path | None:
    """Return the path of the shipped vocabulary font, or ``None`` when it is missing."""
    path = Path(str(resources.files("huaian_forecast.report") / "_fonts" / VOCABULARY_FONT))
    return path if path.is_file() else None


def _subset(source: bytes, chars: str) -> bytes:
    """Return the OpenType subset of a font (``source``) holding ``chars``."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = subset.load_font(io.BytesIO(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, options)
    return buf.getvalue()


def vocabulary_characters() -> frozenset[str]:
    """Return the characters of the vocabulary font (empty when it or its list is missing)."""
    path = vocabulary_font_path()
    listing = None if path is None else path.with_name(VOCABULARY_CHARACTERS)
    if listing is None or not listing.is_file():
        return frozenset()
    return frozenset(listing.read_text(encoding="utf-8"))


def _font_for(chars: str) -> tuple[bytes, str] | None:
    """Return the font to embed for ``chars`` and what it is (``None``: no packaged font).

    The vocabulary font whole when it has every character; otherwise the subset of the
    full font holding them.
    """
    vocabulary = vocabulary_font_path()
    if vocabulary is not None and set(chars) <= vocabulary_characters():
        return vocabulary.read_bytes(), "the package's vocabulary of Noto Sans SC"
    path = packaged_font_path()
    if path is None:
        return None
    try:
        import fontTools  # noqa: F401
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return None
    with open(path, "rb") as fh:  # read and close: fontTools would keep the file open
        return _subset(fh.read(), chars), "subset of Noto Sans SC"


def embedded_font_css(text: str) -> str:
    """Return an ``@font-face`` rule embedding the glyphs of ``text`` beyond ASCII.

    Empty when ``text`` has no CJK character, or when it needs the full packaged font
    (or fontTools) and that is missing: the page then relies on the reader's system
    fonts alone.
    """
    if not _needs_cjk(text):
        return ""
    chars = "".join(sorted({c for c in text if ord(c) > 0x7F}))
    found = _font_for(chars)
    if found is None:
        return ""
    font, what = found
    data = base64.b64encode(font).decode("ascii")
    return (f"/* {what}, SIL Open Font License 1.1 (embedded, not fetched) */\n"
            f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}\n')


def package_characters(roots: Iterable[Path]) -> str:
    """Every non-ASCII character in the ``.py``, ``.toml`` and ``.csv`` files under ``roots``.

    Sorted and without duplicates: the characters the package itself can put on a page.
    """
    chars: set[str] = set()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".toml", ".csv") and path.is_file():
                chars |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F}
    return "".join(sorted(chars))


def font_characters(path: Path) -> str:
    """Return the non-ASCII characters a font maps to a glyph, sorted."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
    return "".join(sorted(chr(c) for c in cmap if c > 0x7F))


def build_vocabulary_font(out: Path, chars: str) -> int:
    """Write the vocabulary font (the glyphs of ``chars`` from the full packaged font).

    Also writes the list of its characters beside it (:data:`VOCABULARY_CHARACTERS`).
    Returns the number of bytes of the font. ``python docs/make_vocabulary_font.py``
    rebuilds the shipped font after Chinese text is added to the package.
    """
    path = packaged_font_path()
    if path is None:
        raise RuntimeError("the full font (pip package pylopdf-fonts-zh-cn) is not installed")
    with open(path, "rb") as fh:
        data = _subset(fh.read(), chars)
    out.write_bytes(data)
    out.with_name(VOCABULARY_CHARACTERS).write_text(font_characters(out), encoding="utf-8")
    return len(data)
