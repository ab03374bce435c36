"""Registry of the indicators the bureau tracks.

Each :class:`Indicator` says how a number is published (unit, valid range) and how it
behaves (``kind``): a *level* grows without bound, a *share* lives in 0-100 %, a *count*
is a non-negative integer and a *ratio* is the quotient of two levels (``rd_intensity`` =
``rd_spend`` / ``gdp``). Units inside the code are the published ones (percent for shares
and intensities); :func:`to_fraction` / :func:`from_fraction` convert at the edges.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "FIRST_YEAR",
    "INDICATORS",
    "LAST_YEAR",
    "UNITS",
    "Indicator",
    "IndicatorKind",
    "get_indicator",
    "resolve_indicator",
]

IndicatorKind = Literal["level", "share", "count", "ratio"]

#: The library's calendar: the first year a data file may hold (the People's Republic's
#: statistics begin in 1949) and the last year data, scenarios or simulations may reach
#: (the bureau plans to 2035; beyond 2100 a projection is meaningless and only costs memory).
FIRST_YEAR, LAST_YEAR = 1949, 2100

#: Canonical units with their Chinese and English display names.
UNITS: dict[str, tuple[str, str]] = {
    "100m_cny": ("亿元", "100 million yuan"),
    "percent": ("%", "percent"),
    "firms": ("家", "firms"),
    "labs": ("个", "labs"),
    "projects": ("个", "projects"),
    "contracts": ("项", "contracts"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """One published indicator.

    Parameters
    ----------
    key : str
        Identifier used in data files and code, e.g. ``"hte_count"``.
    name_zh, name_en : str
        Chinese and English names.
    short_zh, short_en : str
        Short names for tables and chart titles (default: the names).
    unit : str
        Canonical unit, a key of :data:`UNITS`.
    kind : {"level", "share", "count", "ratio"}
        How the indicator behaves (see module docstring).
    lower, upper : float
        Valid range of a published value; values outside it are data errors.
    numerator, denominator : str or None
        For ``kind="ratio"``: the indicators whose quotient (in percent) this is.
    aliases : tuple of str
        Other names accepted in a planner's file (Chinese or English), besides the key and
        every name the tool prints (:attr:`display_names`).
    """

    key: str
    name_zh: str
    name_en: str
    unit: str
    kind: IndicatorKind
    lower: float = 0.0
    upper: float = float("inf")
    numerator: str | None = None
    denominator: str | None = None
    aliases: tuple[str, ...] = ()
    short_zh: str = ""
    short_en: str = ""

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit {self.unit!r} is not one of {sorted(UNITS)}")
        if not self.lower < self.upper:
            raise ValueError(f"lower ({self.lower}) must be below upper ({self.upper})")
        if self.kind == "share" and (self.lower < 0 or self.upper > 100):
            raise ValueError("a share must lie within 0-100 percent")
        if self.kind == "ratio" and not (self.numerator and self.denominator):
            raise ValueError("a ratio indicator needs a numerator and a denominator")

    @property
    def is_integer(self) -> bool:
        """Whether published values are whole numbers (counts)."""
        return self.kind == "count"

    def short(self, lang: Literal["zh", "en"] = "en") -> str:
        """Return the short name (tables, chart titles), or the name when it has none.

        Examples
        --------
        >>> INDICATORS["hightech_share"].short("zh")
        '高新产业产值占比'
        """
        if lang == "zh":
            return self.short_zh or self.name_zh
        return self.short_en or self.name_en

    @property
    def display_names(self) -> tuple[str, ...]:
        """Every name the tool prints for this indicator, in both languages.

        The names, the short names and the labels with their unit: the loaders accept
        each of them (a table or workbook the tool wrote reads back).
        """
        return (self.name_zh, self.name_en, self.short("zh"), self.short("en"),
                self.label("zh"), self.label("en"))

    def label(self, lang: Literal["zh", "en"] = "en") -> str:
        """Return the display name with its unit, in Chinese or English.

        Parameters
        ----------
        lang : {"zh", "en"}
            Language of the name and unit.

        Returns
        -------
        str
            E.g. ``"R&D intensity (R&D spend / GDP) (percent)"``.
        """
        unit_zh, unit_en = UNITS[self.unit]
        if lang == "zh":
            return f"{self.name_zh}（{unit_zh}）"
        return f"{self.name_en} ({unit_en})"


_MAX_CNY = 1.0e7  # 1,000 trillion yuan: far above any regional figure; catches unit slips
_REGISTRY: tuple[Indicator, ...] = (
    Indicator(key="rd_intensity", short_zh="研发投入强度", short_en="R&D intensity",
              name_zh="全社会研发投入占GDP比重",
              name_en="R&D intensity (R&D spend / GDP)", unit="percent", kind="ratio",
              upper=100.0, numerator="rd_spend", denominator="gdp",
              aliases=("研发强度", "R&D强度", "全社会研发投入占比", "研发投入占GDP比重")),
    Indicator(key="rd_spend", short_zh="全社会研发投入", short_en="R&D spending",
              name_zh="全社会研发投入", name_en="R&D spending",
              unit="100m_cny", kind="level", upper=_MAX_CNY,
              aliases=("研发投入", "R&D经费", "研发经费", "全社会研发经费", "R&D spend")),
    Indicator(key="enterprise_rd", short_zh="规上企业研发支出", short_en="Enterprise R&D spending",
              name_zh="规上企业研发支出",
              name_en="R&D spending of above-scale enterprises", unit="100m_cny",
              kind="level", upper=_MAX_CNY,
              aliases=("企业研发支出", "规上企业研发费用", "企业研发费用")),
    Indicator(key="gdp", short_zh="地区生产总值", short_en="GDP",
              name_zh="地区生产总值", name_en="Gross regional product (nominal)",
              unit="100m_cny", kind="level", upper=_MAX_CNY,
              aliases=("GDP", "生产总值", "地区GDP", "GRP")),
    Indicator(key="gdp_real_growth", name_zh="地区生产总值实际增速",
              name_en="Real GDP growth", unit="percent", kind="level", lower=-50.0,
              upper=100.0, aliases=("GDP增速", "经济增速")),
    Indicator(key="hte_count", short_zh="高新技术企业数", short_en="High-tech enterprises",
              name_zh="有效期内国家高新技术企业数",
              name_en="Valid national high-tech enterprises", unit="firms", kind="count",
              upper=1.0e6, aliases=("高企数", "国家高新技术企业",
                                    "国家高新技术企业数", "高新技术企业", "HTE count")),
    Indicator(key="hte_applications", short_zh="高企申报数", short_en="HTE applications",
              name_zh="高新技术企业申报数",
              name_en="High-tech enterprise certification applications", unit="firms",
              kind="count", upper=1.0e6, aliases=("申报企业数",)),
    Indicator(key="tech_smes", short_zh="科技型中小企业数", short_en="Tech-based SMEs",
              name_zh="入库科技型中小企业数",
              name_en="Registered technology-based SMEs", unit="firms", kind="count",
              upper=1.0e7, aliases=("科技型中小企业",)),
    Indicator(key="hightech_share", short_zh="高新产业产值占比", short_en="High-tech output share",
              name_zh="高新技术产业产值占规上工业产值比重",
              name_en="High-tech share of above-scale industrial output", unit="percent",
              kind="share", upper=100.0,
              aliases=("高新技术产业产值占比", "高新技术产业占比", "高新技术产业产值比重",
                       "high-tech share")),
    Indicator(key="hightech_output", short_zh="高新技术产业产值", short_en="High-tech output",
              name_zh="高新技术产业产值",
              name_en="High-tech industrial output", unit="100m_cny", kind="level",
              upper=_MAX_CNY, aliases=("高新技术产业总产值",)),
    Indicator(key="key_labs", short_zh="省级以上重点实验室", short_en="Key labs",
              name_zh="省级以上重点实验室数",
              name_en="Provincial-or-higher key laboratories", unit="labs", kind="count",
              upper=1.0e5, aliases=("重点实验室", "省重点实验室", "key_labs_provincial")),
    Indicator(key="tech_contracts", short_zh="技术合同成交额", short_en="Tech contract turnover",
              name_zh="技术合同成交额",
              name_en="Registered technology contract turnover", unit="100m_cny",
              kind="level", upper=_MAX_CNY,
              aliases=("技术合同登记额", "技术合同交易额", "技术合同成交金额")),
    Indicator(key="tech_projects", short_zh="新招引科技型项目", short_en="Tech projects attracted",
              name_zh="新招引科技型项目数",
              name_en="Technology projects attracted", unit="projects", kind="count",
              upper=1.0e6, aliases=("科技型项目", "科技招商项目")),
    Indicator(key="hightech_projects",
              short_zh="新竣工高科技工业项目", short_en="High-tech projects completed",
              name_zh="新竣工高科技工业项目数",
              name_en="New high-tech industrial projects completed", unit="projects",
              kind="count", upper=1.0e6, aliases=("高科技工业项目",)),
)

#: All registered indicators by key.
INDICATORS: dict[str, Indicator] = {ind.key: ind for ind in _REGISTRY}


def _norm(text: str) -> str:
    """Lookup form of a name: NFKC (full-width to ASCII), no spaces, case-folded."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _build_lookup(registry: tuple[Indicator, ...]) -> dict[str, str]:
    """Map every accepted name (key, printed names, aliases) to its indicator's key.

    Raises
    ------
    ValueError
        When one name would mean two indicators: a file using it could not be read with
        certainty, so the registry refuses it rather than let the first one win.
    """
    lookup: dict[str, str] = {}
    for ind in registry:
        for name in (ind.key, *ind.display_names, *ind.aliases):
            other = lookup.setdefault(_norm(name), ind.key)
            if other != ind.key:
                raise ValueError(f"the name {name!r} would mean two indicators, {other} and "
                                 f"{ind.key}; give it to one of them only")
    return lookup


_LOOKUP: dict[str, str] = _build_lookup(_REGISTRY)


def resolve_indicator(name: str) -> str | None:
    """Return the indicator key for a key, printed name or alias, else ``None``.

    Accepted: the key, the Chinese and English names and short names, the labels with
    their unit (:attr:`Indicator.display_names`: whatever the tool prints) and the
    aliases; full-width characters, spaces and case are ignored.

    Examples
    --------
    >>> resolve_indicator("高企数"), resolve_indicator("高新产业产值占比")
    ('hte_count', 'hightech_share')
    >>> resolve_indicator("no such thing") is None
    True
    """
    return _LOOKUP.get(_norm(str(name)))


def get_indicator(key: str) -> Indicator:
    """Return the registered :class:`Indicator` for ``key`` (a key or any alias).

    Parameters
    ----------
    key : str
        Indicator key, Chinese or English name, or alias (spaces and case ignored).

    Returns
    -------
    Indicator
        The registered indicator.

    Raises
    ------
    KeyError
        If the name is unknown; the message lists the known keys.
    """
    resolved = resolve_indicator(key)
    if resolved is None:
        raise KeyError(f"unknown indicator {key!r}; known: {', '.join(sorted(INDICATORS))}")
    return INDICATORS[resolved]
