"""The briefing's embedded CJK font: the shipped vocabulary font and the full font agree."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest

from huaian_forecast.report import _html_font as html_font
from huaian_forecast.report.fonts import packaged_font_path

pytestmark = pytest.mark.skipif(packaged_font_path() is None,
                                reason="pylopdf-fonts-zh-cn is not installed")
ROOT = Path(__file__).resolve().parents[2]


def _cmap_of_css(css: str) -> set[int]:
    from fontTools.ttLib import TTFont

    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_vocabulary_font_covers_the_package_text():
    """Adding Chinese text to the package without rebuilding the font fails here."""
    path = html_font.vocabulary_font_path()
    assert path is not None
    chars = html_font.package_characters([ROOT / "huaian_forecast", ROOT / "data"])
    in_vocabulary = set(html_font.font_characters(path))
    in_full_font = set(html_font.font_characters(Path(packaged_font_path())))
    missing = [c for c in chars if c not in in_vocabulary and c in in_full_font]
    assert not missing, (f"{''.join(missing)!r} not in {path.name}: run "
                         "`python docs/make_vocabulary_font.py`")


def test_the_list_of_vocabulary_characters_is_the_fonts_own():
    """The coverage check reads the list, not the font: they must agree."""
    path = html_font.vocabulary_font_path()
    assert html_font.vocabulary_characters() == frozenset(html_font.font_characters(path))
    assert len(html_font.vocabulary_characters()) > 500


def test_page_of_package_words_embeds_the_vocabulary_font_whole_with_the_full_fonts_glyphs(
        monkeypatch):
    text = "淮安市高新技术企业 研发投入强度 情景模型"
    from_vocabulary = html_font.embedded_font_css(text)
    vocabulary = html_font.vocabulary_font_path().read_bytes()
    assert base64.b64encode(vocabulary).decode("ascii") in from_vocabulary
    assert "vocabulary" in from_vocabulary
    monkeypatch.setattr(html_font, "vocabulary_font_path", lambda: None)
    from_full = html_font.embedded_font_css(text)
    assert "subset of Noto Sans SC" in from_full
    wanted = {ord(c) for c in text if ord(c) > 0x7F}
    assert wanted <= _cmap_of_css(from_full)
    assert wanted <= _cmap_of_css(from_vocabulary)
    assert _glyphs(from_vocabulary, wanted) == _glyphs(from_full, wanted)


def _glyphs(css: str, codes: set[int]) -> dict[int, bytes]:
    """The outline (CFF charstring bytecode) of each character in the embedded font."""
    from fontTools.ttLib import TTFont

    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))
    font = TTFont(io.BytesIO(data))
    cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
    out = {}
    for code in codes:
        from fontTools.pens.recordingPen import RecordingPen

        pen = RecordingPen()
        glyphs[cmap[code]].draw(pen)
        out[code] = repr(pen.value).encode()
    return out


def test_a_character_outside_the_vocabulary_falls_back_to_the_full_font():
    rare = "龘"  # not in the package's text
    assert rare not in html_font.font_characters(html_font.vocabulary_font_path())
    assert rare not in html_font.vocabulary_characters()
    css = html_font.embedded_font_css("淮安" + rare)
    assert ord(rare) in _cmap_of_css(css)


def test_ascii_only_page_embeds_nothing():
    assert html_font.embedded_font_css("Huai'an R&D intensity") == ""
