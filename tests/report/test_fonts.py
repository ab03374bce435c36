from __future__ import annotations

import types
import warnings

import pytest

from huaian_forecast.report import fonts
from huaian_forecast.report.charts import plot_fan


def _fake_fonts(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    from matplotlib import font_manager

    fake = types.SimpleNamespace(ttflist=[types.SimpleNamespace(name=n) for n in names])
    monkeypatch.setattr(font_manager, "fontManager", fake)


def test_find_cjk_font_prefers_listed_order(monkeypatch):
    _fake_fonts(monkeypatch, ["DejaVu Sans", "SimHei", "Noto Sans CJK SC"])
    assert fonts.find_cjk_font() == "Noto Sans CJK SC"


def test_find_cjk_font_accepts_other_cjk_families(monkeypatch):
    _fake_fonts(monkeypatch, ["DejaVu Sans", "Noto Serif CJK KR"])
    assert fonts.find_cjk_font() == "Noto Serif CJK KR"


def test_find_cjk_font_none_without_cjk(monkeypatch):
    _fake_fonts(monkeypatch, ["DejaVu Sans", "STIXGeneral"])
    monkeypatch.setattr(fonts, "packaged_font_path", lambda: None)  # package absent
    assert fonts.find_cjk_font() is None


def test_without_system_font_the_pip_font_is_registered(monkeypatch):
    """No system CJK font: Noto Sans SC from pylopdf-fonts-zh-cn is added to matplotlib."""
    from matplotlib import font_manager

    path = fonts.packaged_font_path()
    assert path is not None
    assert path.endswith("NotoSansSC-Regular.otf")
    manager = font_manager.FontManager.__new__(font_manager.FontManager)
    manager.__dict__.update(font_manager.fontManager.__dict__)
    manager.ttflist = [f for f in manager.ttflist if f.fname != path
                       and "cjk" not in f.name.casefold() and f.name != "Noto Sans SC"]
    monkeypatch.setattr(font_manager, "fontManager", manager)
    assert fonts.find_cjk_font() == "Noto Sans SC"
    assert sum(f.fname == path for f in manager.ttflist) == 1
    assert fonts.find_cjk_font() == "Noto Sans SC"  # registered once, not twice
    assert sum(f.fname == path for f in manager.ttflist) == 1


def test_chinese_chart_renders_without_missing_glyph_warnings(projection, tmp_path):
    """The default install draws Chinese labels: no fallback, no missing-glyph warning."""
    import io
    import logging

    import matplotlib
    from matplotlib.figure import Figure

    log = io.StringIO()
    handler = logging.StreamHandler(log)
    logging.getLogger("matplotlib.font_manager").addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            lang, font = fonts.chart_language("zh")
            assert lang == "zh"
            with matplotlib.rc_context(fonts.rc_params(font)):
                fig = Figure()
                plot_fan(projection, "hte_count", lang="zh", ax=fig.add_subplot())
                fig.savefig(tmp_path / "fan.png")
                fig.savefig(tmp_path / "fan.pdf")
    finally:
        logging.getLogger("matplotlib.font_manager").removeHandler(handler)
    assert fig.axes[0].get_xlabel() == "年份"
    assert log.getvalue() == ""


def test_without_font_zh_falls_back_to_english_with_one_warning(no_cjk_font):
    with pytest.warns(fonts.MissingCJKFontWarning, match="English labels") as record:
        assert fonts.chart_language("zh") == ("en", None)
    assert len(record) == 1


def test_english_never_warns(no_cjk_font):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fonts.chart_language("en") == ("en", None)


def test_with_font_zh_is_kept(cjk_font):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fonts.chart_language("zh") == ("zh", cjk_font)


def test_bad_language_is_rejected():
    with pytest.raises(ValueError, match="'zh' or 'en'"):
        fonts.chart_language("fr")  # type: ignore[arg-type]


def test_rc_params_put_the_cjk_font_first_and_ascii_minus():
    params = fonts.rc_params("SimHei")
    assert params["axes.unicode_minus"] is False
    assert params["font.family"][0] == "SimHei"
    assert fonts.rc_params(None) == {"axes.unicode_minus": False, "text.parse_math": False}


def test_fan_chart_labels_follow_the_font(projection, no_cjk_font, monkeypatch):
    from matplotlib.figure import Figure

    with pytest.warns(fonts.MissingCJKFontWarning):
        ax = plot_fan(projection, "hte_count", lang="zh", ax=Figure().add_subplot())
    assert ax.get_xlabel() == "Year"
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: "DejaVu Sans")
    ax = plot_fan(projection, "hte_count", lang="zh", ax=Figure().add_subplot())
    assert ax.get_xlabel() == "年份"
    assert "高新技术企业" in ax.get_title()
    assert ax.title.get_fontfamily()[0] == "DejaVu Sans"
