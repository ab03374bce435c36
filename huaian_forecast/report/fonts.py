"""Find a font that can draw Chinese labels; fall back to English labels with one warning.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: Chinese labels would be
drawn as empty boxes. :func:`chart_language` therefore looks for an installed CJK font
(Noto Sans CJK, Source Han, WenQuanYi, SimHei, Microsoft YaHei, ...); when the system has
none, it registers Noto Sans SC from the pip package ``pylopdf-fonts-zh-cn`` (a runtime
dependency, SIL Open Font License 1.1) with matplotlib's font manager. Only when even that
is absent does it switch the charts to English and emit one :class:`MissingCJKFontWarning`.
"""

from __future__ import annotations

import warnings
from importlib import resources
from typing import Any, Literal

from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "CJK_FONT_FAMILIES",
    "MissingCJKFontWarning",
    "chart_language",
    "find_cjk_font",
    "packaged_font_path",
    "rc_params",
]

#: The pip package that ships a Simplified Chinese font, and the font file inside it.
FONT_PACKAGE = "pylopdf_fonts_zh_cn"
FONT_FILE = "NotoSansSC-Regular.otf"

#: Font families tried in this order (the first installed one is used).
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei",
    "PingFang SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Source Han Sans",
)
_FRAGMENTS = ("cjk", "source han", "wenquanyi", "simhei", "yahei")


class MissingCJKFontWarning(UserWarning):
    """Chinese labels were asked for but no CJK font is installed; English is used."""


def packaged_font_path() -> str | None:
    """Return the path of the pip-installed Noto Sans SC font, or ``None`` if not installed."""
    try:
        path = resources.files(FONT_PACKAGE) / FONT_FILE
    except ModuleNotFoundError:
        return None
    return str(path) if path.is_file() else None


def _register_packaged_font() -> str | None:
    """Add the packaged font to matplotlib's font manager (once); return its family."""
    from matplotlib import font_manager

    path = packaged_font_path()
    if path is None:
        return None
    manager = font_manager.fontManager
    if not any(getattr(f, "fname", None) == path for f in manager.ttflist):
        manager.addfont(path)  # in memory only: no cache rebuild, no system install
    name: str = font_manager.FontProperties(fname=path).get_name()
    return name


def find_cjk_font() -> str | None:
    """Return the family name of a font that draws Chinese, or ``None``.

    Installed families in :data:`CJK_FONT_FAMILIES` are preferred in that order; then
    any family whose name contains "CJK", "Source Han", "WenQuanYi", "SimHei" or
    "YaHei"; then Noto Sans SC from the ``pylopdf-fonts-zh-cn`` package (registered with
    matplotlib on first use).
    """
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FONT_FAMILIES:
        if family in installed:
            return family
    for family in sorted(installed):
        if any(frag in family.casefold() for frag in _FRAGMENTS):
            return family
    return _register_packaged_font()


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
            "SimHei, Microsoft YaHei and the pylopdf-fonts-zh-cn package); charts use "
            "English labels. `pip install pylopdf-fonts-zh-cn` gives Chinese labels.",
            MissingCJKFontWarning, stacklevel=3)
        return "en", None
    return "zh", font


def rc_params(font: str | None) -> dict[Any, Any]:
    """Return matplotlib settings for charts: the CJK font first, ASCII minus signs.

    Mathtext is off (``text.parse_math``): a scenario or region name holding ``$`` is
    drawn as written instead of being parsed as TeX, which could fail after all the work.
    """
    params: dict[Any, Any] = {"axes.unicode_minus": False, "text.parse_math": False}
    if font is not None:  # explicit family names: text keeps its font outside the context
        params["font.family"] = [font, "DejaVu Sans"]
    return params
