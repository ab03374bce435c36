"""What the tool prints, its loaders read back: indicator names, directions, confidences."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

import huaian_forecast as hf
from huaian_forecast.indicators import INDICATORS, Indicator, _build_lookup, resolve_indicator
from huaian_forecast.report import code_label, short_name

LANGS = ("zh", "en")


def _norm(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


@pytest.mark.parametrize("key", sorted(INDICATORS))
def test_every_name_the_tool_prints_resolves_to_its_indicator(key: str):
    ind = INDICATORS[key]
    printed = {short_name(key, lang) for lang in LANGS} | {ind.label(lang) for lang in LANGS}
    printed |= {ind.name_zh, ind.name_en}
    assert printed <= set(ind.display_names)
    for name in printed:
        assert resolve_indicator(name) == key, name
        assert resolve_indicator(f" {name.upper()} ") == key, name  # spaces, case


def test_the_short_names_the_walkthrough_printed_load(tmp_path: Path):
    history = tmp_path / "h.csv"
    history.write_text("地区,指标,年份,数值,单位\n淮安市,高新产业产值占比,2023,31.6,%\n"
                       "淮安市,新招引科技型项目,2023,400,个\n", encoding="utf-8")
    table = hf.load_history(history)
    assert sorted(table["indicator"]) == ["hightech_share", "tech_projects"]
    targets = tmp_path / "t.csv"
    targets.write_text("指标,年份,目标值\n高新产业产值占比,2030,40\n"
                       "Tech projects attracted,2030,500\n", encoding="utf-8")
    assert list(hf.load_targets(targets)["indicator"]) == ["hightech_share", "tech_projects"]
    ytd = tmp_path / "y.csv"
    ytd.write_text("指标,截至日期,累计值,年度目标\n新招引科技型项目,2024-05-31,160,400\n",
                   encoding="utf-8")
    assert list(hf.load_ytd(ytd)["indicator"]) == ["tech_projects"]


def test_no_accepted_name_means_two_indicators():
    meanings: dict[str, set[str]] = defaultdict(set)
    for ind in INDICATORS.values():
        for name in (ind.key, *ind.display_names, *ind.aliases):
            meanings[_norm(name)].add(ind.key)
    shared = {name: keys for name, keys in meanings.items() if len(keys) > 1}
    assert shared == {}
    assert len(meanings) > 100  # names, short names, labels and aliases of 14 indicators


def test_a_name_given_to_two_indicators_is_refused_not_guessed():
    a = Indicator(key="a", name_zh="甲", name_en="A", unit="firms", kind="count",
                  short_zh="同名")
    b = Indicator(key="b", name_zh="乙", name_en="B", unit="firms", kind="count",
                  aliases=("同 名",))  # the same name once spaces are ignored
    with pytest.raises(ValueError, match=r"'同 名' would mean two indicators, a and b"):
        _build_lookup((a, b))
    assert _build_lookup((a,))[_norm("同名")] == "a"


@pytest.mark.parametrize("direction", ["at_least", "at_most"])
def test_every_direction_the_tool_prints_loads(direction: str, tmp_path: Path):
    sign = "≥" if direction == "at_least" else "≤"  # summary.md, report.html, chart labels
    printed = [direction, sign, *(str(code_label(direction, lang)) for lang in LANGS)]
    assert "不低于" in printed or "不高于" in printed
    rows = "".join(f"{short_name('rd_intensity', 'zh')},{2025 + i},3,{word}\n"
                   for i, word in enumerate(printed))
    path = tmp_path / "targets.csv"
    path.write_text("指标,年份,目标值,方向\n" + rows, encoding="utf-8")
    assert set(hf.load_targets(path)["direction"]) == {direction}


def test_an_unknown_direction_lists_the_accepted_words(tmp_path: Path):
    path = tmp_path / "targets.csv"
    path.write_text("指标,年份,目标值,方向\nrd_intensity,2025,3,大约\n", encoding="utf-8")
    with pytest.raises(hf.DataError, match=r"row 2, column '方向': '大约' is not a direction; "
                       r"expected at_least \(≥, >=, 以上, 不低于, at least\) or at_most "):
        hf.load_targets(path)


def test_every_kind_and_confidence_the_workbook_prints_loads(tmp_path: Path):
    kinds = ["exact", "approx", "lower_bound", "upper_bound", "derived"]
    confidences = ["high", "medium", "low", "unknown"]
    rows = [(k, c) for k in kinds for c in confidences]
    text = "".join(f"淮安市,key_labs,{2000 + i},6,个,{code_label(k, 'zh')},测试,"
                   f"{code_label(c, 'zh')}\n" for i, (k, c) in enumerate(rows))
    path = tmp_path / "h.csv"
    path.write_text("地区,指标代码,年份,数值,单位,类型,来源,可信度\n" + text, encoding="utf-8")
    table = hf.load_history(path)
    assert list(zip(table["kind"], table["confidence"], strict=True)) == rows
