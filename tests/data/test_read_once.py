"""A planner's file is read once: what is parsed is what ``attrs["sha256"]`` records.

The loaders used to open a file several times (sniff, zip checks, the workbook reader,
the decoder, the hash): a file saved in Excel while the command ran could be parsed from
one version and hashed from another. Opens are counted with an audit hook, which sees
every open of a path (``open``, ``Path.open``, ``zipfile`` and C-level opens alike).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import huaian_forecast as hf
from huaian_forecast.data import Limits, _tabular, data_file, load_ytd

HISTORY = "region,indicator,year,value,unit\nHuai'an,hte_count,2023,768,firms\n"
REWRITTEN = "region,indicator,year,value,unit\nHuai'an,hte_count,2023,999,firms\n"
TARGETS = ("region,indicator,year,threshold,direction,unit\n"
           "Huai'an,hte_count,2030,1500,at_least,firms\n")

_WATCHED: list[tuple[str, list[str]]] = []  # (resolved path, opens seen) while a test counts


def _on_event(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _WATCHED or not isinstance(args[0], str | bytes | Path):
        return
    target = Path(args[0].decode() if isinstance(args[0], bytes) else args[0])
    for path, seen in _WATCHED:
        if str(target.resolve()) == path:
            seen.append(str(args[1]))


sys.addaudithook(_on_event)  # audit hooks cannot be removed: inactive unless _WATCHED is set


@contextmanager
def _opens_of(path: Path) -> Iterator[list[str]]:
    """Collect the modes of every open of ``path`` inside the block."""
    seen: list[str] = []
    _WATCHED.append((str(path.resolve()), seen))
    try:
        yield seen
    finally:
        _WATCHED.clear()


def _workbook(path: Path, rows: list[list[object]], *, cover: bool = False) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if cover:
        ws.title = "说明"
        ws.append(["本表为淮安市科技指标"])
        ws = wb.create_sheet("数据")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


XLSX_ROWS: list[list[object]] = [["region", "indicator", "year", "value", "unit"],
                                 ["Huai'an", "hte_count", 2023, 768, "firms"]]


def test_the_counter_sees_every_kind_of_open(tmp_path: Path):
    import zipfile

    path = _workbook(tmp_path / "mine.xlsx", XLSX_ROWS)
    with _opens_of(path) as seen:
        path.read_bytes()
        zipfile.ZipFile(path).close()
        with open(path, "rb"):
            pass
    assert len(seen) == 3


@pytest.mark.parametrize(("name", "write"), [
    ("mine.csv", lambda p: p.write_text(HISTORY, encoding="utf-8")),
    ("mine.txt", lambda p: p.write_text(HISTORY.replace(",", "\t"), encoding="utf-16")),
    ("mine.xlsx", lambda p: _workbook(p, XLSX_ROWS)),
    ("named.csv", lambda p: _workbook(p, XLSX_ROWS)),  # a workbook named .csv
])
def test_load_history_opens_the_file_once_and_hashes_what_it_parsed(
        tmp_path: Path, name: str, write: Callable[[Path], object]):
    path = tmp_path / name
    write(path)
    with _opens_of(path) as seen:
        table = hf.load_history(path)
    assert len(seen) == 1, seen
    assert table["value"].tolist() == [768.0]
    assert table.attrs["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_load_targets_and_load_ytd_open_the_file_once(tmp_path: Path):
    targets = tmp_path / "targets.csv"
    targets.write_text(TARGETS, encoding="utf-8")
    ytd = tmp_path / "ytd.csv"
    ytd.write_bytes(data_file("ytd_2024.csv").read_bytes())
    with _opens_of(targets) as seen:
        table = hf.load_targets(targets)
    assert len(seen) == 1
    assert table.attrs["sha256"] == hashlib.sha256(targets.read_bytes()).hexdigest()
    with _opens_of(ytd) as seen:
        table = load_ytd(ytd)
    assert len(seen) == 1
    assert table.attrs["sha256"] == hashlib.sha256(ytd.read_bytes()).hexdigest()


def test_the_sheet_hint_uses_the_bytes_already_read(tmp_path: Path):
    path = _workbook(tmp_path / "two.xlsx", XLSX_ROWS, cover=True)
    with _opens_of(path) as seen, pytest.raises(hf.DataError, match="--sheet 数据"):
        hf.load_history(path)
    assert len(seen) == 1


@pytest.mark.parametrize("stage", ["decode", "check_workbook"])
def test_a_file_rewritten_while_loading_is_parsed_and_hashed_as_first_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str):
    if stage == "decode":
        path, later = tmp_path / "mine.csv", REWRITTEN.encode()
        path.write_text(HISTORY, encoding="utf-8")
    else:
        path = _workbook(tmp_path / "mine.xlsx", XLSX_ROWS)
        later = _workbook(tmp_path / "later.xlsx",
                          [XLSX_ROWS[0], ["Huai'an", "hte_count", 2023, 999, "firms"]]
                          ).read_bytes()
    original = path.read_bytes()
    real = getattr(_tabular, stage)

    def save_meanwhile(*args: object, **kwargs: object) -> object:
        path.write_bytes(later)  # a planner saves the file in Excel while the CLI runs
        return real(*args, **kwargs)

    monkeypatch.setattr(_tabular, stage, save_meanwhile)
    table = hf.load_history(path)
    assert path.read_bytes() == later
    assert table["value"].tolist() == [768.0]
    assert table.attrs["sha256"] == hashlib.sha256(original).hexdigest()


def test_an_oversized_file_is_refused_before_it_is_opened(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "mine.csv"
    path.write_text(HISTORY, encoding="utf-8")
    size = path.stat().st_size
    with _opens_of(path) as seen, pytest.raises(hf.DataError, match=rf"is {size:,} bytes"):
        hf.load_history(path, limits=Limits(max_bytes=size - 1))
    assert seen == []
    monkeypatch.setenv("HUAIAN_FORECAST_MAX_BYTES", str(size - 1))
    with _opens_of(path) as seen, pytest.raises(hf.DataError, match="MAX_BYTES"):
        hf.load_targets(path)
    assert seen == []
    assert len(hf.load_history(path, limits=Limits(max_bytes=size))) == 1


@pytest.mark.parametrize(("grow", "refused"), [(10, False), (5_000, True)])
def test_a_file_growing_after_its_size_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             grow: int, refused: bool):
    path = tmp_path / "mine.csv"
    path.write_text(HISTORY, encoding="utf-8")
    limits = Limits(max_bytes=path.stat().st_size + 1_000)
    real = _tabular.check_path

    def stat_then_grow(p: Path) -> object:
        info = real(p)
        with path.open("a", encoding="utf-8") as fh:  # written after the stat
            fh.write("\n" * grow)
        return info

    monkeypatch.setattr(_tabular, "check_path", stat_then_grow)
    if refused:
        with pytest.raises(hf.DataError, match="grew after its size was checked"):
            hf.load_history(path, limits=limits)
        return
    table = hf.load_history(path, limits=limits)
    assert table.attrs["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_report_workbook_as_targets_is_checked_and_parsed_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Its milestone and summary sheets come from one size check and one openpyxl parse."""
    import openpyxl

    from huaian_forecast.report import to_excel

    proj = hf.simulate("baseline", n_paths=50, seed=1, end_year=2030)
    path = to_excel(tmp_path / "report.xlsx", proj, targets=hf.load_targets(), lang="zh")
    calls: dict[str, int] = {"check": 0, "parse": 0}
    real_check, real_parse = _tabular.check_workbook, openpyxl.load_workbook

    def check(*args: Any, **kwargs: Any) -> Any:
        calls["check"] += 1
        return real_check(*args, **kwargs)

    def parse(*args: Any, **kwargs: Any) -> Any:
        calls["parse"] += 1
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(_tabular, "check_workbook", check)
    monkeypatch.setattr(openpyxl, "load_workbook", parse)
    with _opens_of(path) as seen:
        table = hf.load_targets(path)
    assert calls == {"check": 1, "parse": 1}  # were 3 and 3: sheet names, then each sheet
    assert len(seen) == 1
    assert table.attrs["source"] == str(path)
