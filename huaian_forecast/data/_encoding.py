"""Decode a text table: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

Mixed encodings (a GBK row pasted into a UTF-8 file) and text that decodes as GB18030
only to rare characters (Big5, Shift-JIS, Latin-1) are refused with the first bad row.
"""

from __future__ import annotations

from pathlib import Path

from huaian_forecast.data._limits import Limits, check_csv_bytes
from huaian_forecast.exceptions import DataError

__all__ = ["decode"]

_RARE_SHARE = 0.25  # GB18030 text with more rare (non-GB2312) characters is a wrong encoding


def decode(raw: bytes, path: Path, limits: Limits) -> tuple[str, str]:
    """Return the text of ``raw`` (the bytes of ``path``) and its encoding, after the limits.

    ``path`` only names the file in error messages: the bytes are not read again.
    """
    if not raw.strip():
        raise DataError(f"{path}: the file is empty; expected a header row and data rows")
    check_csv_bytes(raw, path, limits)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DataError(f"{path}: cannot decode the file as UTF-16 ({exc})") from None
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError(f"{path}, row {line}: the file contains NUL bytes (binary, or UTF-16 "
                        "without a byte-order mark); save it as UTF-8 CSV")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    _check_not_mixed(raw, path)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}, row {line}: cannot decode the file as UTF-8 or "
                        f"GB18030/GBK (invalid byte at offset {exc.start}); "
                        "save it as UTF-8 CSV") from None
    _check_plausible_gbk(text, path)
    return text, "gb18030"


def _check_not_mixed(raw: bytes, path: Path) -> None:
    """Raise when some rows are non-ASCII UTF-8 and others are not UTF-8 at all."""
    utf8_rows, bad_rows = [], []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad_rows.append(number)
        else:  # GBK bytes are valid UTF-8 by chance only as rare non-CJK characters
            if any(ord(ch) >= 0x2E80 for ch in text):
                utf8_rows.append(number)
    if utf8_rows and bad_rows:
        raise DataError(
            f"{path}, row {bad_rows[0]}: mixed encodings: row(s) {_rows(utf8_rows)} are UTF-8 "
            f"but row(s) {_rows(bad_rows)} are not (GBK pasted into a UTF-8 file?); "
            "save the whole file in one encoding, preferably UTF-8"
        )


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    return shown + (", ..." if len(numbers) > 5 else "")


def _check_plausible_gbk(text: str, path: Path) -> None:
    """Raise when GB18030 decoding gives mostly rare characters: a different encoding."""
    rare: list[tuple[int, str]] = []
    n_wide = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for ch in line:
            if ord(ch) < 128:
                continue
            n_wide += 1
            try:
                ch.encode("gb2312")
            except UnicodeEncodeError:
                rare.append((number, ch))
    if rare and len(rare) > _RARE_SHARE * n_wide:
        row, _ = rare[0]
        sample = "".join(ch for _, ch in rare[:6])
        raise DataError(
            f"{path}, row {row}: the file is neither UTF-8 nor plausible GB18030/GBK text "
            f"(decodes to rare characters such as {sample!r}; Big5, Shift-JIS or Latin-1?); "
            "save it as UTF-8 CSV"
        )
