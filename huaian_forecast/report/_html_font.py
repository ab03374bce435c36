"""The Chinese glyphs of one HTML page, embedded: a subset of the packaged Noto Sans SC.

A reader whose system has a CJK font uses it (it comes first in the page's font stack);
on a machine without one (many Linux servers, a fresh container) the page would show empty
boxes. So the page carries, inline as a ``data:`` URL, a subset of Noto Sans SC (SIL Open
Font License 1.1, from the ``pylopdf-fonts-zh-cn`` dependency) with only the characters it
uses: about 60 kB for a full briefing. Nothing is fetched.
"""

from __future__ import annotations

import base64
import io

from huaian_forecast.report.fonts import packaged_font_path

__all__ = ["EMBEDDED_FAMILY", "embedded_font_css"]

#: CSS family name of the embedded subset (placed after the system CJK fonts).
EMBEDDED_FAMILY = "HF Noto Sans SC"


def _needs_cjk(text: str) -> bool:
    return any("\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\uffef" for c in text)


def embedded_font_css(text: str) -> str:
    """Return an ``@font-face`` rule embedding the glyphs of ``text`` beyond ASCII.

    Empty when ``text`` has no CJK character or the packaged font (or fontTools) is
    missing: the page then relies on the reader's system fonts alone.
    """
    path = packaged_font_path()
    if not _needs_cjk(text) or path is None:
        return ""
    try:
        from fontTools import subset
    except ImportError:  # pragma: no cover - fontTools comes with matplotlib
        return ""
    chars = "".join(sorted({c for c in text if ord(c) > 0x7F}))
    options = subset.Options()
    options.layout_features = ["*"]
    options.notdef_outline = True
    with open(path, "rb") as fh:  # read and close: fontTools would keep the file open
        font = subset.load_font(io.BytesIO(fh.read()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, options)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return ("/* subset of Noto Sans SC, SIL Open Font License 1.1 (embedded, not fetched) */\n"
            f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}\n')
