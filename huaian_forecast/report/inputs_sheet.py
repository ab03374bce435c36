"""The workbook's scenario-inputs sheet: every lever and uncertainty of each scenario.

Its setting (a number stays a number), default, range, source and whether it is an
assumption, from the scenario recorded in each projection's manifest and the registries
of :mod:`huaian_forecast.scenarios`. Re-exported by :mod:`huaian_forecast.report.tables`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from huaian_forecast.report._text import Lang, code_label
from huaian_forecast.simulation import Projection

__all__ = ["inputs_table"]


def _fmt_setting(value: Any) -> str:
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {v:g}" if isinstance(v, int | float) else f"{k}: {v}"
                         for k, v in value.items())
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _setting_cell(value: Any) -> Any:
    """Return a setting as a workbook cell: a number stays a number (``-1`` is not text)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _fmt_setting(value)
    return int(value) if float(value).is_integer() else float(value)


def _source_cell(item: Any) -> str:
    """Return the registry's source, a bare ``-`` (no source) as an em dash.

    A lone ``-`` would be text a spreadsheet could read as the start of a formula.
    """
    source = str(getattr(item, "source", ""))
    return "—" if source.strip() and not source.strip("-– ") else source


def _yes_no(flag: object, lang: Lang) -> str:
    return "" if flag is None else str(code_label(str(bool(flag)), lang))


def _registries() -> dict[str, Mapping[str, Any]]:
    """Return the lever and uncertainty registries of :mod:`huaian_forecast.scenarios`."""
    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES

    return {"lever": dict(LEVERS), "uncertainty": dict(UNCERTAINTIES)}


def _input_row(scenario: str, kind: str, key: str, item: Any, settings: Mapping[str, Any],
               lang: Lang) -> dict[str, Any]:
    default = getattr(item, "default", "")
    setting = settings.get(key, default)
    if kind == "uncertainty" and key not in settings:
        setting = getattr(item, "distribution", setting)
    return {
        "scenario": scenario, "type": kind, "lever": key,
        "name": str(getattr(item, "name_zh" if lang == "zh" else "name_en", key)),
        "unit": str(getattr(item, "unit", "")), "setting": _setting_cell(setting),
        "default": _setting_cell(default), "low": _setting_cell(getattr(item, "low", "")),
        "high": _setting_cell(getattr(item, "high", "")),
        "source": _source_cell(item),
        "assumption": _yes_no(getattr(item, "assumption", None), lang),
        "reason": str(getattr(item, "reason", "")),
        "note": "set by the scenario" if key in settings else "registry default",
    }


def inputs_table(projections: Sequence[Projection], *, lang: Lang = "zh") -> pd.DataFrame:
    """Scenario inputs: every lever and uncertainty with setting, range and source.

    Settings come from ``manifest["scenario"]["levers"]`` and ``["uncertainties"]``;
    names, units, ranges, sources and assumption flags from
    ``huaian_forecast.scenarios.LEVERS`` / ``UNCERTAINTIES``. An uncertainty the scenario
    does not override shows its distribution as the setting. A projection without any
    recorded settings gets one row naming its scenario.
    """
    registries = _registries()
    rows: list[dict[str, Any]] = []
    for proj in projections:
        spec = proj.manifest.get("scenario", {})
        spec = spec if isinstance(spec, Mapping) else {}
        before = len(rows)
        for kind, field in (("lever", "levers"), ("uncertainty", "uncertainties")):
            settings = spec.get(field, {}) or {}
            registry = registries[kind]
            for key in dict.fromkeys([*settings, *registry]):
                rows.append(_input_row(proj.scenario, kind, key, registry.get(key), settings,
                                       lang))
        if len(rows) == before:
            rows.append({"scenario": proj.scenario,
                         "note": "no lever settings recorded in the manifest"})
    cols = ["scenario", "type", "lever", "name", "unit", "setting", "default", "low", "high",
            "source", "assumption", "reason", "note"]
    return pd.DataFrame(rows).reindex(columns=cols).fillna("")
