"""Registry of known regions, and a warning for a region name that is not in it.

A planner's file may name a region in English or Chinese (``Huai'an``, ``淮安``,
``淮安市``); :func:`resolve_region` maps every known spelling to one English name. An
unknown name (a typo such as ``淮阴市``) is kept as written, since a planner may compare
with a region the registry lacks, but :func:`check_regions` warns once per unknown name,
naming the rows and the closest known spellings (:mod:`difflib`), because a typo would
otherwise become a new region with no targets and blank labels.
"""

from __future__ import annotations

import difflib
import unicodedata
import warnings
from typing import TYPE_CHECKING

from huaian_forecast.data._values import shown
from huaian_forecast.exceptions import DataWarning

if TYPE_CHECKING:  # pragma: no cover - the command line reads HOME_REGION without pandas
    import pandas as pd

__all__ = ["HOME_REGION", "KNOWN_REGIONS", "REGION_NAMES_ZH", "check_regions", "region_or",
           "resolve_region"]

#: The home region: the region of a row whose file has no region column, of a projection
#: whose manifest names none, and the one the lever and uncertainty registry describes.
HOME_REGION = "Huai'an"


def region_or(cell: object, default: str = HOME_REGION) -> str:
    """Return a row's region cell, stripped; ``default`` where it is missing or blank.

    The one reading of a year-to-date or targets row without a region (NaN, None, "" or
    spaces: the home region's, or the run's where ``default`` says so).

    Examples
    --------
    >>> region_or(float("nan")), region_or(" "), region_or(" Nanjing"), region_or("", "")
    ("Huai'an", "Huai'an", 'Nanjing', '')
    """
    return (cell.strip() if isinstance(cell, str) else "") or default

#: Known regions: English name -> Chinese name. Huai'an, Jiangsu, its 13 prefecture-level
#: cities, its three macro-regions and China.
REGION_NAMES_ZH: dict[str, str] = {
    "Huai'an": "淮安市", "Jiangsu": "江苏省", "China": "全国",
    "Subei": "苏北", "Suzhong": "苏中", "Sunan": "苏南",
    "Nanjing": "南京市", "Wuxi": "无锡市", "Xuzhou": "徐州市", "Changzhou": "常州市",
    "Suzhou": "苏州市", "Nantong": "南通市", "Lianyungang": "连云港市",
    "Yancheng": "盐城市", "Yangzhou": "扬州市", "Zhenjiang": "镇江市",
    "Taizhou": "泰州市", "Suqian": "宿迁市",
}
#: The canonical (English) names of the known regions.
KNOWN_REGIONS: frozenset[str] = frozenset(REGION_NAMES_ZH)

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_EXTRA = {"huaian": "Huai'an", "huai an": "Huai'an", "全省": "Jiangsu", "中国": "China",
          "prc": "China", "north jiangsu": "Subei", "central jiangsu": "Suzhong",
          "south jiangsu": "Sunan"}


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip().casefold().translate(_APOSTROPHES)
    return " ".join(folded.split())


def _spellings() -> dict[str, str]:
    """Every accepted spelling (lookup key) -> canonical English name."""
    out = {_key(k): k for k in _EXTRA.values()}
    for en, zh in REGION_NAMES_ZH.items():
        out[_key(en)] = en
        out[_key(en.replace("'", ""))] = en
        out[_key(zh)] = en
        out[_key(zh.rstrip("市省"))] = en  # 淮安, 江苏
    out.update({_key(k): v for k, v in _EXTRA.items()})
    return out


_LOOKUP = _spellings()


def resolve_region(text: str) -> str:
    """Return the canonical English region name for a known spelling, else ``text``.

    Examples
    --------
    >>> resolve_region("淮安市"), resolve_region("huai’an"), resolve_region("Atlantis")
    ("Huai'an", "Huai'an", 'Atlantis')
    """
    return _LOOKUP.get(_key(text), text)


def close_matches(text: str, n: int = 3) -> list[str]:
    """Known regions whose spelling is close to ``text``, as ``淮安市 (Huai'an)``."""
    hits = difflib.get_close_matches(_key(text), list(_LOOKUP), n=10, cutoff=0.5)
    names = list(dict.fromkeys(_LOOKUP[h] for h in hits))[:n]
    return [f"{REGION_NAMES_ZH[en]} ({en})" for en in names]


def check_regions(table: pd.DataFrame, source: str) -> None:
    """Warn once per region in ``table`` that is not a known region.

    ``table`` needs the columns ``region`` and ``_row`` (the file row).

    Warns
    -----
    DataWarning
        Naming the file, the rows, the region and its closest known spellings.
    """
    unknown = table[~table["region"].isin(KNOWN_REGIONS)]
    for region, group in unknown.groupby("region", sort=True):
        numbers = list(dict.fromkeys(group["_row"]))
        rows = ("row " if len(numbers) == 1 else "rows ") + ", ".join(map(str, numbers[:5]))
        more = " ..." if len(numbers) > 5 else ""
        matches = close_matches(str(region))
        hint = (f"did you mean {' or '.join(matches)}?" if matches
                else "no known region is close")
        warnings.warn(
            f"{source}, {rows}{more}, column 'region': {shown(str(region))} is not a known "
            f"region; {hint} It is kept as a separate region (known: "
            f"{', '.join(sorted(KNOWN_REGIONS))})", DataWarning, stacklevel=3)
