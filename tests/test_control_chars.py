"""One table of control characters; every use handles every character of it.

The loaders (refuse in identifiers, strip from free text), the report (strip from every
text written) and the command line (escape as ``\\uXXXX``) had three hand-written sets
that differed by accident (the report kept U+061C, the loaders let U+2028 through, the
command line printed U+200B raw). Each test below runs over the whole table, so a
character added to it reaches all uses, and a use cannot drop one unnoticed.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from pathlib import Path

import pytest

import huaian_forecast as hf
from huaian_forecast.cli.main import _one_line
from huaian_forecast.data import (
    CONTROL_CHARS,
    INVISIBLE_CHARS,
    ZERO_WIDTH_CHARS,
    control_pattern,
    is_control,
)
from huaian_forecast.data._values import control_chars, normalise_text, strip_controls
from huaian_forecast.report._sanitize import cell_text, clean_text, markdown_text
from huaian_forecast.scenarios._checks import check_text

SURROGATES = ("\ud800", "\udcff", "\udfff")  # a rule over 2,048 code points: a sample
TABLE = [*sorted(CONTROL_CHARS), *SURROGATES]
IDS = [f"U+{ord(c):04X}" for c in TABLE]
#: Characters the table leaves alone on purpose: text, spaces, and invisible-looking
#: characters documented as left out (soft hyphen, variation selector, tag letter).
NOT_CONTROLS = ("a", "淮", "％", " ", "\u00a0", "\u3000", "🚀", "\u00ad", "\ufe0f",
                "\U000e0041", "\ufffd", "\u200a")
HEAD = "region,indicator,year,value,unit,source\n"


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def test_the_table_is_what_its_comments_say():
    assert all(unicodedata.category(c) == "Cc" for c in CONTROL_CHARS - set(INVISIBLE_CHARS))
    assert len(CONTROL_CHARS - set(INVISIBLE_CHARS)) == 32 + 1 + 32  # C0, DEL, C1
    assert set(INVISIBLE_CHARS) >= ZERO_WIDTH_CHARS
    assert all(unicodedata.category(c) in ("Cf", "Zl", "Zp", "Cn") for c in INVISIBLE_CHARS)
    assert {"\u061c", "\u2028", "\u2029", "\ufeff", "\ufff9", "\uffff"} <= CONTROL_CHARS


@pytest.mark.parametrize("ch", NOT_CONTROLS)
def test_text_outside_the_table_passes_every_use(ch: str):
    text = f"a{ch}b"
    assert not is_control(ch)
    assert not control_pattern().search(text)
    assert control_chars(text) == []
    assert strip_controls(text) == (text, [])
    assert clean_text(text) == text
    if not ch.isspace():  # the command line folds spaces; the rest is printed as is
        assert _one_line(text) == text


# ---- the table itself ----------------------------------------------------------------------
@pytest.mark.parametrize("ch", TABLE, ids=IDS)
def test_pattern_and_predicate_agree(ch: str):
    assert is_control(ch)
    assert control_pattern().fullmatch(ch)
    assert not control_pattern(keep=ch).fullmatch(ch) or unicodedata.category(ch) == "Cs"


# ---- data: refused in identifiers, removed from free text ---------------------------------
@pytest.mark.parametrize("ch", TABLE, ids=IDS)
def test_data_functions_handle_every_character(ch: str):
    assert control_chars(f"Hua{ch}i'an") == [_code(ch)]
    clean, removed = strip_controls(f"src{ch}x")
    if ch in "\t\n\r":  # the layout of a multi-line quote, kept as written
        assert (clean, removed) == (f"src{ch}x", [])
    else:
        assert (clean, removed) == ("srcx", [_code(ch)])
    if ch in ZERO_WIDTH_CHARS:
        assert normalise_text(f"Hua{ch}i'an") == "Huai'an"


def _write(tmp_path: Path, region: str, source: str) -> Path:
    path = tmp_path / "mine.csv"
    text = HEAD + f'"{region}",hte_count,2023,768,firms,"{source}"\n'
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("ch", sorted(CONTROL_CHARS), ids=IDS[:len(CONTROL_CHARS)])
def test_a_loaded_identifier_never_keeps_one(tmp_path: Path, ch: str):
    path = _write(tmp_path, f"Hua{ch}i'an", "src")
    if ch in ZERO_WIDTH_CHARS:  # removed silently from every cell (documented)
        assert hf.load_history(path)["region"].tolist() == ["Huai'an"]
        return
    what = "NUL bytes" if ch == "\x00" else rf"control or text-direction character\(s\) " \
                                               rf"{_code(ch).replace('+', '[+]')}"
    with pytest.raises(hf.DataError, match=what):
        hf.load_history(path)


@pytest.mark.parametrize("ch", sorted(CONTROL_CHARS), ids=IDS[:len(CONTROL_CHARS)])
def test_loaded_free_text_never_keeps_one(tmp_path: Path, ch: str):
    path = _write(tmp_path, "Huai'an", f"src{ch}x")
    if ch == "\x00":
        with pytest.raises(hf.DataError, match="NUL bytes"):
            hf.load_history(path)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = hf.load_history(path)
    kept = ch in "\t\n\r"
    silent = kept or ch in ZERO_WIDTH_CHARS
    assert table["source"].tolist() == [f"src{ch}x" if kept else "srcx"]
    assert table.attrs["cleaned"] == ([] if silent else
                                      [{"row": 2, "column": "source", "removed": [_code(ch)]}])
    messages = [str(w.message) for w in caught if w.category is hf.DataWarning]
    assert len(messages) == (0 if silent else 1)
    assert all(f"character(s) {_code(ch)} from 1 free-text cell" in m for m in messages)


# ---- report: removed from every text written (tab and newline are layout) ----------------
@pytest.mark.parametrize("ch", TABLE, ids=IDS)
def test_report_removes_every_character(ch: str):
    expected = f"a{ch}b" if ch in "\t\n" else "ab"
    assert clean_text(f"a{ch}b") == expected
    assert cell_text(f"a{ch}b") == expected
    assert markdown_text(f"a{ch}b") in ("a b", "ab")
    if ch != "\n":  # a line break is layout, and no formula start (OWASP)
        assert cell_text(f"{ch}=1+1").startswith("'")  # a control cannot hide a formula


# ---- command line: shown as \uXXXX (tab and newline fold into spaces) ---------------------
@pytest.mark.parametrize("ch", TABLE, ids=IDS)
def test_command_line_escapes_every_character(ch: str):
    line = _one_line(f"a{ch}b")
    assert line == ("a b" if ch in "\t\n" else f"a\\u{ord(ch):04x}b")
    assert line.isprintable()


# ---- scenarios: names are stricter (printable only), never looser than the table ---------
@pytest.mark.parametrize("ch", TABLE, ids=IDS)
def test_a_scenario_name_refuses_every_character(ch: str):
    with pytest.raises(hf.ScenarioError, match=re.escape(_code(ch))):
        check_text(f"a{ch}b", "name", "mine.toml", 100, lines=False)
