"""report.html without a browser: self-contained, every target, correct numbers."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huaian_forecast.report import to_html

from ._html_report import build_report, milestone_targets


class _Scan(HTMLParser):
    """Collect tags, URL-valued attributes and target rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.rows: set[tuple[str, int, float]] = set()
        self.cells: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href",
                                                          "action", "poster", "data")]
        if tag == "tr" and "data-year" in a:
            self.rows.add((a["data-indicator"] or "", int(a["data-year"] or 0),
                           float(a["data-threshold"] or "nan")))


@pytest.fixture(scope="module", params=["zh", "en"])
def page(request, tmp_path_factory) -> tuple[str, str]:
    out = tmp_path_factory.mktemp(f"html_{request.param}")
    return request.param, build_report(out, request.param).read_text(encoding="utf-8")


def test_report_html_has_no_external_resource(page):
    _, text = page
    scan = _Scan()
    scan.feed(text)
    assert scan.urls == []  # no src/href at all, let alone http(s)://
    assert "link" not in scan.tags
    assert "img" not in scan.tags
    assert "iframe" not in scan.tags
    assert "@import" not in text
    # the only url() is the embedded font subset, a data: URL
    assert text.count("url(") == text.count("url(data:font/otf;base64,")
    assert scan.tags.count("svg") >= 5  # fans + the scenario comparison


def test_report_html_lists_every_milestone_target(page):
    _, text = page
    scan = _Scan()
    scan.feed(text)
    wanted = {(r.indicator, int(r.year), float(r.threshold))
              for r in milestone_targets().itertuples(index=False)}
    assert len(wanted) == 12
    assert wanted <= scan.rows


def test_report_html_language(page):
    lang, text = page
    if lang == "zh":
        assert '<html lang="zh-CN">' in text
        assert "达标概率" in text
    else:
        assert '<html lang="en">' in text
        assert "probability of reaching" in text
        assert "达标概率" not in text


def test_headline_cell_shows_the_probability(projection, history_table, targets_table):
    # hand-built paths: P(hte_count 2025 >= 1000) = 0.5 exactly
    text = to_html(projection, history=history_table, targets=targets_table, lang="en")
    row = text.split('data-indicator="hte_count" data-year="2025"')[1].split("</tr>")[0]
    assert 'data-p="0.5000"' in row
    assert "<b>50%</b>" in row
    labs = text.split('data-indicator="key_labs" data-year="2025"')[1].split("</tr>")[0]
    assert "not modelled" in labs


def test_fan_svg_median_goes_through_the_quantiles(projection, history_table, targets_table):
    from huaian_forecast.report import svg

    s = svg.fan_series("baseline", projection.years, projection.paths("hte_count"))
    assert np.allclose(s.quantiles[0.5], np.median(projection.paths("hte_count"), axis=0))
    text = to_html([projection, type(projection)(
        years=projection.years, arrays=projection.arrays, scenario="other",
        manifest=projection.manifest)], history=history_table, targets=targets_table)
    assert text.count('data-scenario="other"') >= 3  # a median per fan + bars
    assert "<script>" in text
    assert "</html>" in text


def test_text_is_escaped(projection, history_table, targets_table):
    hostile = history_table.assign(source="<script>alert(1)</script>")
    text = to_html(projection, history=hostile, targets=targets_table, lang="en")
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)" in text


def test_model_range_column_when_a_spread_is_given(history, targets):
    import huaian_forecast as hf
    from huaian_forecast.analysis import model_spread

    proj = hf.simulate("baseline", n_paths=300, seed=1)
    spread = model_spread(history, targets, n_paths=300, seed=1)
    text = to_html(proj, history=history, targets=targets, lang="en", spread=spread)
    assert "<th>models (" in text
    row = text.split('data-indicator="hte_count" data-year="2030"')[1].split("</tr>")[0]
    assert row.count("%") >= 3  # p_reach and a min-max range
    assert "<th>models (" not in to_html(proj, history=history, targets=targets,
                                            lang="en")


def test_tornado_section_orders_factors_by_swing(projection, history_table, targets_table):
    from .test_charts import _tornado

    text = to_html(projection, history=history_table, targets=targets_table, lang="en",
                   tornado=_tornado())
    section = text.split('<figure class="tornado">')[1].split("</figure>")[0]
    # first_time_pass_rate swings 0.6, rd_rewards 0.15, new_key_labs 0.04
    first = section.index("First-time pass rate")
    assert first < section.index("Fiscal R&amp;D rewards")
    assert section.count("<rect") == 2 + 2 * 3  # legend + low/high bar per factor
    assert "tornado" not in to_html(projection, history=history_table,
                                    targets=targets_table, lang="en").split("<body>")[1]


@settings(max_examples=200, deadline=None)
@given(low=st.floats(-1e6, 1e6), span=st.floats(1e-6, 1e6))
def test_nice_ticks_are_round_ordered_and_inside(low, span):
    from huaian_forecast.report.svg import nice_ticks

    high = low + span
    ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 11
    assert ticks == sorted(ticks)
    tol = 1e-9 * max(1.0, abs(low), abs(high))
    assert ticks[0] >= low - tol
    assert ticks[-1] <= high + tol


def test_a_scenario_name_with_quotes_is_safe(projection, history_table, targets_table):
    odd = type(projection)(years=projection.years, arrays=projection.arrays,
                           scenario='my "plan" </script>', manifest=projection.manifest)
    text = to_html(odd, history=history_table, targets=targets_table, lang="en")
    assert "</script>\"" not in text
    assert text.count("</script>") == text.count("<script")  # no early end of a script


def test_the_embedded_font_covers_every_chinese_character(page):
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    _, text = page
    found = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", text)
    assert found is not None
    font = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
    cmap = font.getBestCmap()
    cjk = {c for c in text if "\u4e00" <= c <= "\u9fff"}
    assert cjk  # the zh page, and the en page's Chinese sources
    assert not {c for c in cjk if ord(c) not in cmap}
    assert len(found.group(1)) < 400_000  # a subset, not the 8 MB font


def test_no_font_without_chinese(projection, history_table, targets_table):
    text = to_html(projection, history=history_table, targets=targets_table, lang="en")
    assert "@font-face" not in text  # hand-built data: nothing Chinese on the page
    zh = to_html(projection, history=history_table, targets=targets_table, lang="zh")
    assert "@font-face" in zh
    assert "@font-face" not in to_html(projection, history=history_table,
                                       targets=targets_table, lang="zh", embed_font=False)


def test_spread_given_with_assessments_that_have_it_is_joined_once(history, targets):
    # write_report passes assessments already joined with the spread; joining it a second
    # time left "families" empty, so every row read "one model only" (found 2026-11-29)
    import huaian_forecast as hf
    from huaian_forecast.analysis import model_spread, with_model_spread

    proj = hf.simulate("baseline", n_paths=300, seed=1)
    spread = model_spread(history, targets, n_paths=300, seed=1)
    joined = {"baseline": with_model_spread(hf.assess(proj, targets), spread)}
    once = to_html(proj, history=history, targets=targets, lang="en", assessments=joined)
    again = to_html(proj, history=history, targets=targets, lang="en", assessments=joined,
                    spread=spread)
    assert again.count("one model only") == once.count("one model only")
    row = again.split('data-indicator="hte_count" data-year="2030"')[1].split("</tr>")[0]
    assert "one model only" not in row
    assert row.count("%") >= 3  # p_reach and a min-max range


def test_comparison_bars_whisker_a_zero_probability_by_its_wilson_interval():
    # a target no path meets (p = 0, se = 0) still gets a whisker up to the Wilson
    # bound, and the bar's tooltip states the interval, not "± 0.0%"
    import re

    from huaian_forecast.assessment import wilson_interval
    from huaian_forecast.report import svg

    _, hi = wilson_interval(0.0, 200)
    out = svg.bars_svg(["target"], ["baseline"], np.array([[0.0]]), np.array([[0.0]]),
                       upper_errors=np.array([[hi]]), title="t")
    x1, x2 = (float(v) for v in re.search(r'<line x1="([\d.]+)" x2="([\d.]+)" y1="[\d.]+" '
                                          r'y2="[\d.]+" stroke="#222"', out).groups())
    assert x2 - x1 > 5  # hi of 1.9 % on a 700-unit axis: about 13 units
    assert "95%: 0.0%–1.9%" in out
    symmetric = svg.bars_svg(["target"], ["baseline"], np.array([[0.5]]),
                             np.array([[0.1]]), title="t")
    assert "50.0% ± 10.0%" in symmetric


def test_headline_labels_are_the_words_the_cli_and_workbook_use(page):
    # the page used its own words (符合进度, 偏离目标) and left "models disagree" and
    # "within reach" in English on the Chinese page, with no colour for either
    import re

    from huaian_forecast.report import code_label

    lang, text = page
    cells = re.findall(r'<td class="p ([a-z-]+)" data-p="[\d.]+"><b>[^<]*</b>([^<]*)'
                       r"<small>([^<]*)</small>", text)
    assert cells
    labels = {"on-track": "on track", "within-reach": "within reach",
              "needs-acceleration": "needs acceleration", "models-disagree": "models disagree"}
    for cls, _, words in cells:
        assert cls in labels
        assert words.split(" · ")[0] == code_label(labels[cls], lang)
        assert f"td.{cls} {{ background" in text  # every label has its colour
    if lang == "zh":  # no English word under a cell (escapes such as &lt; are not words)
        smalls = re.findall(r"<small>([^<]*)</small>", text.split("<tbody>")[1]
                            .split("</table>")[0])
        assert smalls
        assert not [s for s in smalls if re.search("[A-Za-z]", html.unescape(s))]
        assert "符合进度" not in text
    assert "off track" not in text
    assert "偏离目标" not in text


def test_a_nowcast_cell_states_no_monte_carlo_error(page):
    # a nowcast has no Monte Carlo error: "±0.0" read as certainty beside a 0-100 % range
    lang, text = page
    row = text.split('data-indicator="hte_applications" data-year="2024"')[1].split("</tr>")[0]
    cells = row.split('<td class="p ')[1:]
    assert cells
    for cell in cells[:2]:  # the two scenarios
        assert "±" not in cell.split("</td>")[0]
        assert ("年内预估" if lang == "zh" else "nowcast") in cell
    sim = text.split('data-indicator="hte_count" data-year="2030"')[1].split("</tr>")[0]
    assert "±" in sim


def test_with_a_plan_first_the_range_column_is_the_status_quo_scenarios(tmp_path):
    # plan first: its range is "status quo only", so the grey "models disagree" cells of
    # the baseline need the baseline's range, which the column now shows and names
    import contextlib
    import io
    import re

    from huaian_forecast.cli.main import main

    out = tmp_path / "r"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["report", "--out", str(out), "--scenario", "plan_2024", "--scenario",
                     "baseline", "--n-paths", "300", "--lang", "en"]) == 0
    text = (out / "report.html").read_text(encoding="utf-8")
    assert re.findall(r"<th>models \(([^)]*)\)</th>", text) == ["baseline"]
    assert "under the baseline scenario" in text
    summary = (out / "summary.md").read_text(encoding="utf-8")
    # the plan's range carries its levers' effect: explained once, not on every bullet
    assert summary.count("A plan scenario's range across models") == 1
    assert "the growth families with the scenario's effect added)" in summary


def test_a_bar_with_no_interval_states_no_plus_minus():
    from huaian_forecast.report import svg

    out = svg.bars_svg(["t"], ["baseline"], np.array([[0.532]]), np.array([[0.0]]),
                       title="t")
    assert "baseline: 53.2%</title>" in out
    assert "±" not in out


def test_fan_svg_labels_a_target_left_of_its_star_when_the_next_is_a_year_on():
    import pandas as pd

    from huaian_forecast.report import svg

    years = np.arange(2024, 2031)
    paths = np.tile(np.linspace(900, 1600, years.size), (50, 1))
    series = [svg.fan_series("baseline", years, paths)]
    targets = pd.DataFrame({"year": [2025, 2024, 2030], "threshold": [1000.0, 900.0, 1500.0],
                            "note": ["", "", ""]})
    out = svg.fan_svg("hte_count", series, history=pd.DataFrame(
        {"year": [2023], "value": [768.0], "kind": ["exact"]}), targets=targets,
        title="t", y_label="firms", kind_labels={"exact": "observed"})
    import re

    marks = dict(re.findall(r'data-year="(\d+)" data-threshold="[^"]+"><title>[^<]*</title>'
                            r'.*?<text ([^>]*)>', out))
    assert 'text-anchor="end"' in marks["2024"]
    assert 'text-anchor="end"' not in marks["2025"]
    assert 'text-anchor="end"' not in marks["2030"]


def test_bars_draw_the_range_across_models_as_a_bracket_with_its_tooltip():
    from huaian_forecast.report import svg

    values = np.array([[0.5, 0.9, 0.3]])
    out = svg.bars_svg(["t"], ["a", "b", "c"], values, np.array([[0.01, 0.01, 0.01]]),
                       title="t", ranges=(np.array([[0.2, np.nan, 0.0]]),
                                          np.array([[0.8, np.nan, 1.0]])),
                       range_tips=np.array([["models 20%–80%", "", "assumptions"]]),
                       dashed=np.array([[False, False, True]]))
    assert out.count('class="model-range"') == 1  # b has no range (one model only)
    assert out.count('class="assumed-range"') == 1  # c: dashed, not models
    assert "a: 50.0% ± 1.0%; models 20%–80%" in out
    assert "models" not in out.split('data-scenario="b"')[1].split("data-scenario")[0]


def test_the_page_draws_the_models_range_beside_the_bars_and_says_what_it_is(page):
    lang, text = page
    bars = text[text.index('<figure class="bars">'):]
    bars = bars[:bars.index("</figure>")]
    assert bars.count('class="model-range"') > 10
    # the four 2024 nowcasts: their range across assumptions, dashed, once per target
    assert bars.count('class="assumed-range"') == 4
    assert ("灰色括线为模型范围" if lang == "zh" else "grey brackets are the range across "
            "models") in bars
    assert ("虚线括线为年内预估的假设范围" if lang == "zh" else "a dashed bracket is a "
            "nowcast's range across its assumptions") in html.unescape(bars)
    assert ("年内预估假设范围 <1%至>99%" if lang == "zh" else
            "nowcast assumptions <1% to >99%") in html.unescape(bars)


def test_a_plan_cell_gives_its_own_range_across_models(page):
    """The 'models' column is the status quo's; a plan's cell says its own shifted range."""
    import re

    lang, text = page
    body = text.split('<table class="headline"')[1].split("</table>")[0]
    row = re.search(r'<tr data-indicator="hte_count" data-year="2030".*?</tr>', body).group(0)
    cells = re.findall(r"<small>([^<]*)</small>", html.unescape(row))
    assert len(cells) == 2  # baseline and plan_2024 (the page of build_report)
    word = "各模型 " if lang == "zh" else "models "  # "models 12%-34%", not "models disagree"
    assert not re.search(word + r"[<>\d]", cells[0])  # baseline: its range is the column's
    assert re.search(word + r"[<>\d]", cells[1])  # plan_2024: its own, shifted range
