"""Hostile text on the output side: nothing from an input cell or a scenario name becomes a
formula, a control character or markup in ``report.xlsx``, ``iamc.csv``, ``summary.md`` or
``report.html`` (issue 17).

The cases, also listed in ``tests/data/bad/README.md`` (section "Output side"):

- ``test_seam_*``: the one seam (``report/_sanitize.py``) on each payload directly.
- ``test_report_with_hostile_history_and_names``: ``write_report`` with history cells
  (region, source, quote, confidence) and scenario names holding formulas, control
  characters, NUL, U+202E and emoji; every cell of every sheet, every CSV field, every
  line of the summary and the page are scanned. The history is passed as a table, so the
  loader's own checks (which may refuse some of these) are bypassed: defence in depth.
- ``test_cli_report_with_hostile_files``: the same through ``huaian-forecast report``
  with a history CSV and a scenario TOML carrying formula payloads.
"""

from __future__ import annotations

import csv
import re
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.report import write_report
from huaian_forecast.report._sanitize import (
    FORMULA_STARTS,
    cell_text,
    clean_text,
    code_span,
    markdown_text,
    safe_frame,
)

FORMULAS = ("=cmd|'/c calc'!A1", '=HYPERLINK("http://evil","x")', "+1", "-2+3",
            "@SUM(A1)", "\t=1+1", "\r=1+1", " =1+1", "\u3000=1+1", "＝1+1", "＋1", "＠SUM(A1)")
CONTROLS = ("a\x01b", "nul\x00here", "rtl\u202eoverride", "iso\u2066late\u2069",
            "del\x7fc1\x85")
EMOJI = "plan 🚀"
BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# ---- the seam itself ---------------------------------------------------------------------
@pytest.mark.parametrize("payload", FORMULAS)
def test_seam_neutralises_every_formula_start(payload):
    out = cell_text(payload)
    assert isinstance(out, str)
    assert out.startswith("'")
    assert not BAD_CHARS.search(out)


@pytest.mark.parametrize("payload", CONTROLS)
def test_seam_removes_control_and_bidi_characters(payload):
    out = cell_text(payload)
    assert not BAD_CHARS.search(out)
    assert out == payload.translate({c: None for c in range(0x110000)
                                     if BAD_CHARS.match(chr(c))})


def test_seam_keeps_numbers_emoji_and_plain_text():
    assert cell_text(-1.5) == -1.5
    assert cell_text(0) == 0
    assert cell_text(EMOJI) == EMOJI
    assert cell_text("淮安市 Huai'an") == "淮安市 Huai'an"
    assert clean_text("a\tb\nc") == "a\tb\nc"  # layout kept


def test_seam_a_control_character_cannot_hide_a_formula():
    assert cell_text("\x01=1+1") == "'=1+1"
    assert cell_text("\u202e=1+1") == "'=1+1"


def test_seam_frame_touches_text_only():
    frame = pd.DataFrame({"=x": ["=1+1", "ok", None], "v": [-1.0, -2.0, 3.0],
                          "mixed": [-1, "-1", "a\x00"]})
    out = safe_frame(frame)
    assert list(out.columns) == ["'=x", "v", "mixed"]
    assert out["'=x"].tolist()[:2] == ["'=1+1", "ok"]
    assert out["v"].tolist() == [-1.0, -2.0, 3.0]
    assert out["mixed"].tolist() == [-1, "'-1", "a"]
    assert frame.loc[0, "=x"] == "=1+1"  # a copy: the caller's table is unchanged


def test_seam_markdown_escapes_markup_and_line_starts():
    assert markdown_text("a|b *c* _d_ [e](f) <g> `h`") == (
        r"a\|b \*c\* \_d\_ \[e\](f) \<g\> \`h\`")
    assert markdown_text("# title") == r"\# title"
    assert markdown_text("=cmd|'/c calc'!A1") == r"\=cmd\|'/c calc'!A1"
    assert markdown_text("two\nlines\x00") == "two lines"
    assert code_span("a `b` c") == "`` a `b` c ``"


# ---- the whole report --------------------------------------------------------------------
def _hostile_history(history: pd.DataFrame) -> pd.DataFrame:
    """The bundled history with every text cell of a second region made hostile."""
    payloads = [*FORMULAS, *CONTROLS, EMOJI]
    out = history.copy()
    for col in ("source", "quote", "confidence"):
        out[col] = [payloads[i % len(payloads)] + " " + str(v)
                    for i, v in enumerate(out[col])]
    extra = history[history["region"] == "Huai'an"].copy()
    extra["region"] = '=HYPERLINK("http://evil","x")\x01'
    extra["source"] = "@SUM(A1)\u202e"
    return pd.concat([out, extra], ignore_index=True)


def _scan_workbook(path: Path) -> list[str]:
    from openpyxl import load_workbook

    problems = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    problems.append(f"{where}: formula {cell.value!r}")
                if isinstance(cell.value, str):
                    if cell.value.startswith(FORMULA_STARTS):
                        problems.append(f"{where}: starts like a formula {cell.value!r}")
                    if BAD_CHARS.search(cell.value):
                        problems.append(f"{where}: control character {cell.value!r}")
    return problems


def _scan_csv(path: Path) -> list[str]:
    problems = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.reader(fh)):
            for value in row:
                if value.startswith(FORMULA_STARTS) or BAD_CHARS.search(value):
                    problems.append(f"row {i}: {value!r}")
    return problems


def _scan_text(text: str, *, line_starts: bool = True) -> list[str]:
    problems = [f"control character at {m.start()}" for m in BAD_CHARS.finditer(text)
                if m.group() not in "\n\t"]
    if line_starts:  # Markdown; the page's own CSS has @font-face lines
        problems += [f"line starts like a formula: {line[:60]!r}"
                     for line in text.splitlines() if line.startswith(("=", "+", "@"))]
    return problems


def _projection(name: str) -> hf.Projection:
    scenario = hf.Scenario(name=name, description="=1+1 | *bold*",
                           levers={"first_time_applications": 600})
    return hf.simulate(scenario, n_paths=200, seed=3, end_year=2030)


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, history):
    out = tmp_path_factory.mktemp("hostile")
    names = ["=cmd|'/c calc'!A1", '=HYPERLINK("http://evil","x")', "@SUM(A1)", "+1",
             "-minus", "*x* | [y](z) <b>", EMOJI, "cost $\\frac{ 5$"]  # $: no mathtext
    projections = [hf.simulate("baseline", n_paths=200, seed=3, end_year=2030),
                   *(_projection(n) for n in names)]
    with warnings.catch_warnings():  # the emoji has no glyph in the chart font
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        write_report(out, projections, history=_hostile_history(history), lang="en",
                     command="huaian-forecast report --scenario =cmd.toml `x`")
    return out, names


def test_report_with_hostile_history_and_names_has_no_formula(hostile_report):
    out, _ = hostile_report
    assert _scan_workbook(out / "report.xlsx") == []
    assert _scan_csv(out / "iamc.csv") == []


def test_report_keeps_hostile_text_readable(hostile_report):
    from openpyxl import load_workbook

    out, _ = hostile_report
    wb = load_workbook(out / "report.xlsx")
    headers = [c.value for c in next(wb.worksheets[0].iter_rows(max_row=1))]
    assert "'=cmd|'/c calc'!A1" in headers  # the name is shown, as text
    assert f"{EMOJI}" in headers
    history = wb.worksheets[4]
    regions = {r[0] for r in history.iter_rows(min_row=2, values_only=True)}
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in regions
    numbers = [r[3] for r in history.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, int | float) for v in numbers)  # values stay numbers
    iamc = pd.read_csv(out / "iamc.csv")
    assert "'=cmd|'/c calc'!A1" in set(iamc["scenario"])
    assert pd.api.types.is_float_dtype(iamc["value"])


def test_report_summary_and_page_escape_hostile_text(hostile_report):
    out, _ = hostile_report
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert _scan_text(md) == []
    assert r"\=cmd\|'/c calc'!A1" in md
    assert r"\*x\* \| \[y\](z) \<b\>" in md
    assert "*x*" not in md.replace(r"\*x\*", "")
    assert "`` huaian-forecast report --scenario =cmd.toml `x` ``" in md
    page = (out / "report.html").read_text(encoding="utf-8")
    assert _scan_text(page, line_starts=False) == []
    assert "*x* | [y](z) &lt;b&gt;" in page  # html-escaped where it is inserted
    assert "[y](z) <b>" not in page


def test_cli_report_with_hostile_files(tmp_path, run_cli, history):
    data = tmp_path / "mine.csv"
    hostile = history.copy()
    payloads = ["=cmd|'/c calc'!A1", '=HYPERLINK("http://evil","x")', "+1 source",
                "@SUM(A1)", "-2+3"]
    hostile["source"] = [payloads[i % len(payloads)] for i in range(len(hostile))]
    hostile["quote"] = [payloads[(i + 1) % len(payloads)] for i in range(len(hostile))]
    hostile.to_csv(data, index=False)
    toml = tmp_path / "evil.toml"
    toml.write_text('name = "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n'
                    'description = "@SUM(A1) =cmd|\'/c calc\'!A1"\n'
                    "[levers]\nfirst_time_applications = 600\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("report", "--out", str(out), "--data", str(data), "--scenario",
                           "baseline", "--scenario", str(toml), "--n-paths", "200",
                           "--end-year", "2030", "--lang", "en")
    assert code == 0, err
    assert _scan_workbook(out / "report.xlsx") == []
    assert _scan_csv(out / "iamc.csv") == []
    assert _scan_text((out / "summary.md").read_text(encoding="utf-8")) == []


# ---- names refused when loaded -----------------------------------------------------------
@pytest.mark.parametrize(("name", "match"), [
    ("x" * 100_000, r"100,000 characters long; at most 80"),
    ("a\x01b", r"non-printable character U\+0001"),
    ("nul\x00", r"U\+0000"),
    ("rtl\u202e", r"U\+202E"),
    ("iso\u2066", r"U\+2066"),
])
def test_scenario_name_refused_when_made(name, match):
    started = time.perf_counter()
    with pytest.raises(hf.ScenarioError, match=match):
        hf.Scenario(name=name)
    assert time.perf_counter() - started < 5  # was 3 minutes, at the end of the work


def test_scenario_file_names_the_file_and_field(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('name = "ok\\u202e"\n', encoding="utf-8")
    with pytest.raises(hf.ScenarioError, match=r"s\.toml: scenario name .*U\+202E"):
        hf.load_scenario(path)
    path.write_text('name = "ok"\ndescription = "line\\u0000"\n', encoding="utf-8")
    with pytest.raises(hf.ScenarioError, match=r"s\.toml: description .*U\+0000"):
        hf.load_scenario(path)


def test_scenario_description_may_have_lines_and_emoji():
    s = hf.Scenario(name="规划\u3000方案 🚀", description="line one\n\tline two 🚀")
    assert s.name == "规划\u3000方案 🚀"
