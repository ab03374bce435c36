"""Find a font that can draw Chinese labels; fall back to English labels with one warning.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: Chinese labels would be
drawn as empty boxes. :func:`chart_language` therefore looks for an installed CJK font
(Noto Sans CJK, Source Han, WenQuanYi, SimHei, Microsoft YaHei, ...) and, when none is
found, switches the charts to English and emits one :class:`MissingCJKFontWarning`.
"""

from __future__ import annotations

import warnings
from typing import Any, Literal

from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "CJK_FONT_FAMILIES",
    "MissingCJKFontWarning",
    "chart_language",
    "find_cjk_font",
    "rc_params",
]

#: Font families tried in this order (the first installed one is used).
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
    "PingFang SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans",
)
_FRAGMENTS = ("cjk", "source han", "wenquanyi", "simhei", "yahei")


class MissingCJKFontWarning(UserWarning):
    """Chinese labels were asked for but no CJK font is installed; English is used."""


def find_cjk_font() -> str | None:
    """Return the family name of an installed font that draws Chinese, or ``None``.

    Families in :data:`CJK_FONT_FAMILIES` are preferred in that order; otherwise any
    family whose name contains "CJK", "Source Han", "WenQuanYi", "SimHei" or "YaHei".
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FONT_FAMILIES:
        if family in installed:
            return family
    for family in sorted(installed):
        if any(frag in family.casefold() for frag in _FRAGMENTS):
            return family
    return None


def chart_language(lang: Literal["zh", "en"]) -> tuple[Literal["zh", "en"], str | None]:
    """Resolve the label language of a chart and the CJK font to use.

    Parameters
    ----------
    lang : {"zh", "en"}
        The language asked for.

    Returns
    -------
    lang : {"zh", "en"}
        ``"zh"`` only if a CJK font is installed.
    font : str or None
        The CJK font family, or ``None`` for English labels.

    Warns
    -----
    MissingCJKFontWarning
        Once per call, when ``lang="zh"`` and no CJK font is installed.
    """
    if lang not in ("zh", "en"):
        raise ArgumentError(f"lang must be 'zh' or 'en', got {lang!r}")
    if lang == "en":
        return "en", None
    font = find_cjk_font()
    if font is None:
        warnings.warn(
            "no Chinese (CJK) font found (tried Noto Sans CJK, Source Han, WenQuanYi, "
            "SimHei, Microsoft YaHei); charts use English labels. Install e.g. "
            "fonts-noto-cjk to get Chinese labels.", MissingCJKFontWarning, stacklevel=3)
        return "en", None
    return "zh", font


def rc_params(font: str | None) -> dict[Any, Any]:
    """Return matplotlib settings for charts: the CJK font first, ASCII minus signs."""
    params: dict[Any, Any] = {"axes.unicode_minus": False}
    if font is not None:  # explicit family names: text keeps its font outside the context
        params["font.family"] = [font, "DejaVu Sans"]
    return params
