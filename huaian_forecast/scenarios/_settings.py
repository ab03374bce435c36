"""Checks of a scenario's lever and uncertainty settings, each naming file and key."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import numpy as np

from huaian_forecast.exceptions import ScenarioError
from huaian_forecast.indicators import LAST_YEAR
from huaian_forecast.scenarios._checks import check_open
from huaian_forecast.scenarios._parameters import LEVERS, UNCERTAINTIES, Lever

__all__ = ["LeverSetting", "UncertaintySetting", "check_lever", "check_uncertainty", "choices"]

LeverSetting = float | Mapping[int, float]
UncertaintySetting = float | Mapping[str, Any]

#: Years a scenario's lever schedule may name: from 2000 (no plan looks further back) to
#: the end of the library's calendar.
_MIN_YEAR, _MAX_YEAR = 2000, LAST_YEAR
_OVERRIDE_KEYS = ("distribution", "low", "default", "high", "sd")


def choices(keys: Mapping[str, Any] | tuple[str, ...]) -> str:
    return ", ".join(sorted(keys))


def _number(value: object, where: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ScenarioError(f"{where}: expected a number, got {type(value).__name__} "
                            f"{value!r}")
    if not math.isfinite(value):
        raise ScenarioError(f"{where}: expected a finite number, got {value!r}")
    return float(value)


def _year(key: object, where: str) -> int:
    text = str(key).strip()
    if isinstance(key, bool) or not text.lstrip("-").isdigit():
        raise ScenarioError(f"{where}: year {key!r} is not a whole calendar year "
                            f"({_MIN_YEAR}-{_MAX_YEAR})")
    year = int(text)
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ScenarioError(f"{where}: year {year} outside {_MIN_YEAR}-{_MAX_YEAR}")
    return year


def _lever_value(lever: Lever, value: object, where: str) -> float:
    x = _number(value, where)
    if not lever.low <= x <= lever.high:
        raise ScenarioError(f"{where}: value {x:g} outside the plausible range "
                            f"[{lever.low:g}, {lever.high:g}] {lever.unit}")
    return x


def check_lever(key: str, setting: object, origin: str) -> LeverSetting:
    where = f"{origin}: levers.{key}"
    if key not in LEVERS:
        raise ScenarioError(f"{origin}: unknown lever {key!r}; valid levers: "
                            f"{choices(LEVERS)}")
    lever = LEVERS[key]
    if isinstance(setting, Mapping):
        if not setting:
            raise ScenarioError(f"{where}: a year -> value path needs at least one year")
        path = {_year(y, where): _lever_value(lever, v, f"{where}.{y}")
                for y, v in setting.items()}
        return MappingProxyType(dict(sorted(path.items())))
    return _lever_value(lever, setting, where)


def check_uncertainty(key: str, setting: object, origin: str) -> UncertaintySetting:
    where = f"{origin}: uncertainties.{key}"
    if key not in UNCERTAINTIES:
        raise ScenarioError(f"{origin}: unknown uncertainty {key!r}; valid uncertainties: "
                            f"{choices(UNCERTAINTIES)}")
    base = UNCERTAINTIES[key]
    if isinstance(setting, Mapping):
        bad = [k for k in setting if k not in _OVERRIDE_KEYS]
        if bad:
            raise ScenarioError(f"{where}: unknown field {bad[0]!r}; valid fields: "
                                f"{choices(_OVERRIDE_KEYS)}")
        changes: dict[str, Any] = {
            k: (v if k == "distribution" else _number(v, f"{where}.{k}"))
            for k, v in setting.items()}
        try:
            changed = replace(base, **changes)
        except (TypeError, ValueError) as exc:
            raise ScenarioError(f"{where}: {exc}") from None
        for field_name in ("low", "default", "high"):
            check_open(key, float(getattr(changed, field_name)), f"{where}.{field_name}")
        return MappingProxyType(dict(changes))
    x = _number(setting, where)
    if not base.bounds[0] <= x <= base.bounds[1]:
        raise ScenarioError(f"{where}: value {x:g} outside the limits "
                            f"{list(base.bounds)} {base.unit}")
    check_open(key, x, where)
    return x
