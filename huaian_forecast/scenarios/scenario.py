"""Levers, uncertainties and scenarios (the EMA-Workbench vocabulary).

A :class:`Lever` is a policy the bureau sets (applications per year, fiscal rewards, ...);
an :class:`Uncertainty` is what nobody controls (GDP growth, pass rates, ...). Both are
data: the registries :data:`LEVERS` and :data:`UNCERTAINTIES` are built from the tables
in ``data/levers.toml``, each row with labels, unit, default, plausible range,
source and an assumption flag. A :class:`Scenario` is a name, a description, lever
settings (a constant or a ``{year: value}`` path) and uncertainty overrides (a float pins
an uncertainty; a table changes its distribution), storable as TOML::

    name = "my_plan"
    description = "500 applications a year from 2025"
    [levers]
    first_time_applications = { 2024 = 400, 2025 = 500 }
    rd_rewards = 1.0
    [uncertainties]
    first_time_pass_rate = 60                      # pinned (percent)
    gdp_real_growth = { low = 2.0, default = 4.0, high = 6.0 }

Values are in the unit of the lever / uncertainty (``percent`` for rates); they become
fractions in one place: :meth:`Uncertainty.sample` and :meth:`Lever.to_model` return
model units.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.data import data_dir
from huaian_forecast.exceptions import ScenarioError
from huaian_forecast.scenarios._checks import (
    MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
    check_text,
    not_a_file,
    shown,
)
from huaian_forecast.scenarios._parameters import (
    LEVERS,
    UNCERTAINTIES,
    Distribution,
    Lever,
    Uncertainty,
    lever_by_name,
)
from huaian_forecast.scenarios._settings import (
    LeverSetting,
    UncertaintySetting,
    check_lever,
    check_uncertainty,
    choices,
)
from huaian_forecast.scenarios._toml_hint import chinese_key_hint

__all__ = [
    "LEVERS",
    "UNCERTAINTIES",
    "Distribution",
    "Lever",
    "Scenario",
    "Uncertainty",
    "lever_table",
    "list_scenarios",
    "load_scenario",
    "uncertainty_table",
]


#: Largest scenario file read (a real one is well under 10 kB).
MAX_TOML_BYTES = 1_000_000
_TOP_KEYS = ("name", "description", "levers", "uncertainties", "notes")


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A named set of lever settings and uncertainty overrides.

    Parameters
    ----------
    name : str
        Scenario name.
    description : str
        What the scenario means, for people.
    levers : Mapping[str, float or Mapping[int, float]]
        Lever settings in the lever's unit: a constant, or a ``{year: value}`` path held
        from each listed year until the next (before the first listed year the lever is
        at its status-quo default). Levers not listed stay at their status-quo default.
    uncertainties : Mapping[str, float or Mapping]
        A float pins the uncertainty on every path; a mapping with keys among
        ``distribution, low, default, high, sd`` replaces those fields.
    origin : str
        Where the scenario comes from (file path or ``"python"``), used in messages.

    Raises
    ------
    ScenarioError
        For an unknown lever or uncertainty (the message lists the valid keys), a value
        outside the lever's range, a wrong type or a bad year; for a name longer than
        :data:`MAX_NAME_CHARS` or a description longer than :data:`MAX_DESCRIPTION_CHARS`
        characters, or one holding a control or invisible bidi character.

    Examples
    --------
    >>> s = Scenario(name="more", levers={"first_time_applications": 600})
    >>> float(s.lever_path("first_time_applications", [2024, 2025])[1])
    600.0
    >>> s.with_uncertainties(first_time_pass_rate=70).uncertainty("first_time_pass_rate").default
    70.0
    """

    name: str
    description: str = ""
    levers: Mapping[str, LeverSetting] = field(default_factory=dict)
    uncertainties: Mapping[str, UncertaintySetting] = field(default_factory=dict)
    origin: str = field(default="python", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(f"{self.origin}: scenario name must be a non-empty string")
        check_text(self.name, "scenario name", self.origin, MAX_NAME_CHARS, lines=False)
        check_text(self.description, "description", self.origin, MAX_DESCRIPTION_CHARS,
                    lines=True)
        levers = {}
        for name, v in self.levers.items():  # a key, or the lever's Chinese / English name
            key = lever_by_name(str(name)) or str(name)
            if key in levers:
                raise ScenarioError(f"{self.origin}: lever {key!r} is set twice (by its key "
                                    "and by its name)")
            levers[key] = check_lever(key, v, self.origin)
        unc = {str(k): check_uncertainty(str(k), v, self.origin)
               for k, v in self.uncertainties.items()}
        object.__setattr__(self, "levers", MappingProxyType(levers))
        object.__setattr__(self, "uncertainties", MappingProxyType(unc))

    def __hash__(self) -> int:
        return hash(self.to_toml())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # read-only mappings do not pickle; rebuild (and re-validate) from plain dicts
        return (_rebuild, (self.name, self.description, _plain(self.levers),
                           _plain(self.uncertainties), self.origin))

    def _modified_origin(self) -> str:
        return self.origin if self.origin == "python" else f"python (from {self.origin})"

    def with_levers(self, **settings: LeverSetting) -> Scenario:
        """Return a copy with some levers changed (validated)."""
        return replace(self, levers={**self.levers, **settings},
                       origin=self._modified_origin())

    def with_uncertainties(self, **settings: UncertaintySetting) -> Scenario:
        """Return a copy with some uncertainties pinned (float) or re-specified (mapping)."""
        return replace(self, uncertainties={**self.uncertainties, **settings},
                       origin=self._modified_origin())

    def lever_path(self, key: str, years: np.ndarray | list[int]) -> np.ndarray:
        """Return the lever's value per year in its unit (not scaled to model units)."""
        if key not in LEVERS:
            raise ScenarioError(f"unknown lever {key!r}; valid levers: {choices(LEVERS)}")
        years = np.asarray(years, dtype=int)
        setting = self.levers.get(key, LEVERS[key].default)
        if not isinstance(setting, Mapping):
            return np.full(years.shape, float(setting))
        listed = np.array(list(setting), dtype=int)
        values = np.array([LEVERS[key].default, *setting.values()], dtype=float)
        return values[np.searchsorted(listed, years, side="right")]

    def lever_settings(self) -> dict[str, LeverSetting]:
        """Every lever's setting, the status-quo default where the scenario is silent."""
        return {k: self.levers.get(k, lever.default) for k, lever in LEVERS.items()}

    def uncertainty(self, key: str) -> Uncertainty:
        """Return the uncertainty ``key`` with this scenario's override applied."""
        if key not in UNCERTAINTIES:
            raise ScenarioError(f"unknown uncertainty {key!r}; valid uncertainties: "
                                f"{choices(UNCERTAINTIES)}")
        base = UNCERTAINTIES[key]
        setting = self.uncertainties.get(key)
        if setting is None:
            return base
        if isinstance(setting, Mapping):
            overrides: dict[str, Any] = dict(setting)
            return replace(base, **overrides)
        return base.pinned(float(setting))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready spec: name, description, origin, every lever, the overrides."""
        def text_keys(v: Any) -> Any:
            return ({str(k): text_keys(x) for k, x in v.items()} if isinstance(v, Mapping)
                    else v)
        return {"name": self.name, "description": self.description, "origin": self.origin,
                "levers": text_keys(self.lever_settings()),
                "uncertainties": text_keys(dict(self.uncertainties))}

    def to_toml(self) -> str:
        """Serialise as a TOML scenario file (the explicitly set levers only).

        Written by ``tomli_w``, so any description (quotes, backslashes, newlines,
        Chinese) round-trips through :func:`load_scenario`.
        """
        import tomli_w

        def plain(v: Any) -> Any:
            if isinstance(v, Mapping):
                return {str(k): plain(x) for k, x in v.items() if x is not None}
            return v if isinstance(v, str) else float(v)

        doc: dict[str, Any] = {"name": self.name, "description": self.description,
                               "levers": plain(self.levers)}
        if self.uncertainties:
            doc["uncertainties"] = plain(self.uncertainties)
        return tomli_w.dumps(doc)


def lever_table() -> pd.DataFrame:
    """Return the lever registry as a table, one row per lever (all fields as columns).

    Examples
    --------
    >>> float(lever_table().loc["first_time_applications", "unit_cost_yuan"])
    500000.0
    """
    rows = [{f.name: getattr(lv, f.name) for f in fields(Lever)} for lv in LEVERS.values()]
    return pd.DataFrame(rows).set_index("key")


def uncertainty_table(scenario: Scenario | None = None) -> pd.DataFrame:
    """Return the uncertainties as a table, with a scenario's overrides applied if given.

    Examples
    --------
    >>> table = uncertainty_table(load_scenario("gdp_slowdown"))
    >>> float(table.loc["gdp_real_growth", "default"])
    3.0
    """
    get = scenario.uncertainty if scenario is not None else UNCERTAINTIES.__getitem__
    rows = [{f.name: getattr(get(k), f.name) for f in fields(Uncertainty)}
            for k in UNCERTAINTIES]
    return pd.DataFrame(rows).set_index("key")


def _plain(mapping: Mapping[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, Mapping) else v for k, v in mapping.items()}


def _rebuild(name: str, description: str, levers: dict[str, Any],
             uncertainties: dict[str, Any], origin: str) -> Scenario:
    return Scenario(name=name, description=description, levers=levers,
                    uncertainties=uncertainties, origin=origin)


def _scenario_dir() -> Path:
    return data_dir() / "scenarios"


def list_scenarios() -> list[str]:
    """Names of the built-in scenarios (the TOML files in ``data/scenarios``).

    Examples
    --------
    >>> "baseline" in list_scenarios()
    True
    """
    folder = _scenario_dir()
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def _read_toml(path: Path) -> Scenario:
    try:
        size = path.stat().st_size
        if size > MAX_TOML_BYTES:
            raise ScenarioError(f"{path}: the scenario file is {size:,} bytes; at most "
                                f"{MAX_TOML_BYTES:,} are read (a scenario is a few lines)")
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        hint = chinese_key_hint(path, exc)
        raise ScenarioError(f"{path}: not valid TOML ({exc}){hint}") from None
    except RecursionError:  # tomllib recurses once per nesting level
        raise ScenarioError(f"{path}: tables or arrays nested too deeply to read; a "
                            "scenario needs at most three levels") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot read the scenario file ({exc})") from None
    origin = str(path)
    bad = [k for k in raw if k not in _TOP_KEYS]
    if bad:
        raise ScenarioError(f"{origin}: unknown key {bad[0]!r}; valid keys: "
                            f"{', '.join(_TOP_KEYS)}")
    if "name" not in raw:
        raise ScenarioError(f"{origin}: missing key 'name'")
    for table in ("levers", "uncertainties"):
        if not isinstance(raw.get(table, {}), dict):
            raise ScenarioError(f"{origin}: '{table}' must be a table ([{table}])")
    return Scenario(name=raw["name"], description=raw.get("description", ""),
                    levers=raw.get("levers", {}), uncertainties=raw.get("uncertainties", {}),
                    origin=origin)


def _is_file(path: Path) -> bool:
    """Return whether ``path`` is a regular file; a name too long is not one."""
    try:
        return path.is_file()
    except OSError:
        return False


def load_scenario(scenario: Scenario | str | Path) -> Scenario:
    """Return a scenario given itself, a built-in name or a TOML file path.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A :class:`Scenario` (returned unchanged), the name of a built-in scenario (see
        :func:`list_scenarios`) or the path of a ``.toml`` file.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        For an unknown name (listing the built-in ones), a missing or invalid file.

    Examples
    --------
    >>> load_scenario("plan_2024").name
    'plan_2024'
    """
    if isinstance(scenario, Scenario):
        return scenario
    text = str(scenario)
    if len(text) > 4_096 or "\x00" in text:
        raise ScenarioError(f"scenario {shown(text)}: not a scenario name or file path")
    is_path = isinstance(scenario, Path) or text.endswith(".toml") or "/" in text or "\\" in text
    if is_path:
        path = Path(text)
        if not _is_file(path):
            raise ScenarioError(f"scenario file {shown(text, 100)} {not_a_file(path)}")
        return _read_toml(path)
    path = _scenario_dir() / f"{text}.toml"
    if not _is_file(path):
        raise ScenarioError(f"unknown scenario {shown(text)}; built-in scenarios: "
                            f"{', '.join(list_scenarios())} (or give a .toml file path)")
    return _read_toml(path)
