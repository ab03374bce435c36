"""Lever and Uncertainty value objects and their registries (read from ``levers.toml``).

The tables are data: ``data/levers.toml`` (shipped as ``huaian_forecast/_data``), one
``[[lever]]`` / ``[[uncertainty]]`` table per row with the keyword arguments of
:class:`Lever` / :class:`Uncertainty`. Public through
:mod:`huaian_forecast.scenarios.scenario` (and the package root).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal, get_args

import numpy as np

from huaian_forecast.data import data_file

__all__ = ["LEVERS", "LEVER_NAMES", "UNCERTAINTIES", "Distribution", "Lever", "Uncertainty",
           "lever_by_name"]

Distribution = Literal["fixed", "uniform", "triangular", "normal", "two_point"]


def _model_divisor(unit: str) -> float:
    """Divisor from the published unit to the model unit (percent -> fraction)."""
    return 100.0 if unit.startswith("percent") else 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Lever:
    """A policy setting the bureau controls.

    Parameters
    ----------
    key : str
        Identifier used in scenario files, e.g. ``"first_time_applications"``.
    name_zh, name_en : str
        Chinese and English labels.
    unit : str
        Unit of the values (``percent`` for rates, e.g. ``"firms/yr"``, ``"100m_cny/yr"``).
    default : float
        Status-quo setting (used by the ``baseline`` scenario and when a scenario omits it).
    low, high : float
        Plausible range; a scenario value outside it is a :class:`ScenarioError`.
    unit_cost_yuan : float or None
        Cost in yuan per unit of the lever's effect, where known (see ``cost_basis``).
    cost_basis : str
        What the unit cost is paid for, with its source.
    paid_per_success : str
        Where the unit cost is a reward paid per *successful* unit, what one payment
        rewards (e.g. ``"first-time certification"``); empty where it is paid per unit of
        the lever.
    success_rate : str
        For a cost paid per success, the uncertainty holding the success rate (percent),
        so that the expected number of payments is value x rate; empty where the number
        paid is simulated rather than a multiple of the lever.
    source : str
        Seed sentence or data row the lever and its default come from.
    assumption : bool
        Whether the default is assumed rather than published; ``reason`` says why.
    reason : str
        Why the assumed value was chosen.
    """

    key: str
    name_zh: str
    name_en: str
    unit: str
    default: float
    low: float
    high: float
    unit_cost_yuan: float | None = None
    cost_basis: str = ""
    paid_per_success: str = ""
    success_rate: str = ""
    source: str = ""
    assumption: bool = False
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.low <= self.default <= self.high:
            raise ValueError(f"lever {self.key}: default {self.default} outside "
                             f"[{self.low}, {self.high}]")
        if self.success_rate and not self.paid_per_success:
            raise ValueError(f"lever {self.key}: a success_rate needs paid_per_success "
                             "(what one payment rewards)")
        if self.assumption and not self.reason:
            raise ValueError(f"lever {self.key}: an assumed default needs a reason")

    @property
    def whole_units(self) -> bool:
        """Whether the lever counts things (firms, labs, projects): set in whole units."""
        return self.unit.partition("/")[0] in ("firms", "labs", "projects")

    def to_model(self, values: np.ndarray) -> np.ndarray:
        """Convert values in the lever's unit to model units (percent -> fraction)."""
        return np.asarray(values, dtype=float) / _model_divisor(self.unit)


@dataclass(frozen=True, slots=True, kw_only=True)
class Uncertainty:
    """A quantity nobody controls, with its distribution across Monte Carlo paths.

    Parameters
    ----------
    key, name_zh, name_en, unit : str
        Identifier, labels and unit (``percent`` values become fractions in the model).
    distribution : {"fixed", "uniform", "triangular", "normal", "two_point"}
        ``fixed`` is ``default`` on every path; ``triangular`` has mode ``default``;
        ``normal`` has mean ``default`` and s.d. ``sd``, truncated to ``[low, high]``;
        ``two_point`` is ``low`` or ``high`` (two readings), ``high`` with probability
        ``(default - low) / (high - low)`` so that the mean is ``default``.
    default, low, high : float
        Central value and plausible range.
    sd : float or None
        Standard deviation (``normal`` only).
    bounds : tuple of float
        Physical limits; a pinned value or an overridden range must lie inside them.
    source, assumption, reason : str, bool, str
        As for :class:`Lever`.
    """

    key: str
    name_zh: str
    name_en: str
    unit: str
    distribution: Distribution
    default: float
    low: float
    high: float
    sd: float | None = None
    bounds: tuple[float, float] = (-math.inf, math.inf)
    source: str = ""
    assumption: bool = False
    reason: str = ""

    def __post_init__(self) -> None:
        if self.distribution not in get_args(Distribution):
            raise ValueError(f"uncertainty {self.key}: distribution {self.distribution!r} is "
                             f"not one of {list(get_args(Distribution))}")
        if not self.low <= self.default <= self.high:
            raise ValueError(f"uncertainty {self.key}: need low <= default <= high, got "
                             f"{self.low}, {self.default}, {self.high}")
        if not (self.bounds[0] <= self.low and self.high <= self.bounds[1]):
            raise ValueError(f"uncertainty {self.key}: range [{self.low}, {self.high}] "
                             f"outside the limits {list(self.bounds)}")
        if self.distribution == "normal" and not (self.sd and self.sd > 0):
            raise ValueError(f"uncertainty {self.key}: a normal distribution needs sd > 0")
        if self.assumption and not self.reason:
            raise ValueError(f"uncertainty {self.key}: an assumed value needs a reason")

    def pinned(self, value: float) -> Uncertainty:
        """Return a copy fixed at ``value`` on every path."""
        return replace(self, distribution="fixed", default=value, low=value, high=value)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """Return the values at probabilities ``u`` (inverse CDF), in the listed unit.

        Notes
        -----
        Triangular with ``a = low``, ``c = default``, ``b = high`` and
        ``F_c = (c - a) / (b - a)``: ``x = a + sqrt(u (b - a)(c - a))`` for ``u < F_c``,
        else ``x = b - sqrt((1 - u)(b - a)(b - c))``.

        Examples
        --------
        >>> UNCERTAINTIES["first_time_pass_rate"].quantile(np.array([0.0, 1.0])).tolist()
        [50.0, 80.0]
        """
        u = np.asarray(u, dtype=float)
        a, c, b = self.low, self.default, self.high
        if self.distribution == "fixed" or a == b:
            return np.full(u.shape, c)
        if self.distribution == "uniform":
            return a + u * (b - a)
        if self.distribution == "two_point":
            return np.where(u < (b - c) / (b - a), a, b)
        if self.distribution == "triangular":
            fc = (c - a) / (b - a)
            left = a + np.sqrt(u * (b - a) * (c - a))
            right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
            return np.where(u < fc, left, right)
        from scipy.special import ndtr, ndtri

        sd = float(self.sd or 1.0)
        lo, hi = ndtr((a - c) / sd), ndtr((b - c) / sd)
        return np.clip(c + sd * ndtri(lo + u * (hi - lo)), a, b)

    def sample(self, u: np.ndarray) -> np.ndarray:
        """Return the values at probabilities ``u`` in MODEL units (fractions for percent)."""
        return self.quantile(u) / _model_divisor(self.unit)


def _read_tables(name: str = "levers.toml") -> dict[str, list[dict[str, Any]]]:
    """Rows of the bundled lever and uncertainty tables (lists become tuples)."""
    with data_file(name).open("rb") as fh:
        raw = tomllib.load(fh)
    return {table: [{k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
                    for row in raw.get(table, [])]
            for table in ("lever", "uncertainty")}


_TABLES = _read_tables()
#: Levers by key (the bureau's policy settings).
LEVERS: Mapping[str, Lever] = MappingProxyType(
    {r["key"]: Lever(**r) for r in _TABLES["lever"]})
#: Uncertainties by key, in the fixed order in which :func:`simulate` draws them.
UNCERTAINTIES: Mapping[str, Uncertainty] = MappingProxyType(
    {r["key"]: Uncertainty(**r) for r in _TABLES["uncertainty"]})
#: A lever's key, Chinese name or English name (casefolded) -> its key.
LEVER_NAMES: Mapping[str, str] = MappingProxyType({
    **{lev.name_en.casefold(): key for key, lev in LEVERS.items()},
    **{lev.name_zh: key for key, lev in LEVERS.items()},
    **{key: key for key in LEVERS}})


def lever_by_name(name: str) -> str | None:
    """Return the key of the lever called ``name`` (key, Chinese or English name), or None.

    Examples
    --------
    >>> lever_by_name("高新技术企业首次申报数"), lever_by_name("rd_rewards"), lever_by_name("x")
    ('first_time_applications', 'rd_rewards', None)
    """
    given = name.strip()
    return LEVER_NAMES.get(given) or LEVER_NAMES.get(given.casefold())
