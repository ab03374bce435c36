"""Subcommands listing what a planner can name: levers, uncertainties, scenarios, indicators.

Each of ``levers``, ``uncertainties``, ``scenarios`` and ``indicators`` prints a table
(``--format table``) or every field as JSON records (``--format json``), with the unit of
every number, in ``--lang``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Literal

from huaian_forecast.cli.common import add_format, add_lang, print_table

if TYPE_CHECKING:  # pragma: no cover - imported where used (a light CLI start)
    import pandas as pd

__all__ = ["add_listing_commands", "listing"]

_RAW = argparse.RawDescriptionHelpFormatter


def _parameters(kind: str, lang: Literal["zh", "en"]) -> pd.DataFrame:
    from huaian_forecast.report import unit_label
    from huaian_forecast.scenarios import lever_table, uncertainty_table

    table = (lever_table() if kind == "levers" else uncertainty_table()).reset_index()
    name = table["name_zh"] if lang == "zh" else table["name_en"]
    table.insert(1, "display_name", name)
    table.insert(3, "unit_label", [unit_label(u, lang) for u in table["unit"]])
    if kind == "levers":  # a reward paid per success is not a cost per unit of the lever
        table["cost_paid"] = [  # codes in JSON; the table shows them in ``lang``
            ("per_success" if paid else "per_unit") if cost == cost else None
            for paid, cost in zip(table["paid_per_success"], table["unit_cost_yuan"],
                                  strict=True)]
    return table


def _scenarios(lang: Literal["zh", "en"]) -> pd.DataFrame:
    import pandas as pd

    from huaian_forecast.report import SCENARIO_DESCRIPTIONS_ZH
    from huaian_forecast.scenarios import LEVERS, list_scenarios, load_scenario

    rows = []
    for key in list_scenarios():
        scen = load_scenario(key)
        changed = {k: v for k, v in scen.levers.items()
                   if not (isinstance(v, int | float) and v == LEVERS[k].default)}
        text = (SCENARIO_DESCRIPTIONS_ZH.get(key, scen.description) if lang == "zh"
                else scen.description)
        rows.append({"scenario": key, "description": text,
                     "levers_set": ", ".join(changed) or "-",
                     "uncertainties_set": ", ".join(scen.uncertainties) or "-"})
    return pd.DataFrame(rows)


def _indicators(lang: Literal["zh", "en"]) -> pd.DataFrame:
    import pandas as pd

    from huaian_forecast.data import PLAUSIBLE
    from huaian_forecast.indicators import INDICATORS
    from huaian_forecast.report import unit_label

    rows = [{"indicator": ind.key, "name": ind.name_zh if lang == "zh" else ind.name_en,
             "unit": ind.unit, "unit_label": unit_label(ind.unit, lang), "kind": ind.kind,
             "lower": ind.lower, "upper": ind.upper,
             "plausible_lower": PLAUSIBLE.get(ind.key, (ind.lower, ind.upper))[0],
             "plausible_upper": PLAUSIBLE.get(ind.key, (ind.lower, ind.upper))[1],
             "aliases": ", ".join(ind.aliases)} for ind in INDICATORS.values()]
    return pd.DataFrame(rows)


def listing(what: str, lang: Literal["zh", "en"] = "en") -> pd.DataFrame:
    """Return the table a listing subcommand prints (every field).

    Parameters
    ----------
    what : {"levers", "uncertainties", "scenarios", "indicators"}
        What to list.
    lang : {"zh", "en"}
        Language of the ``name`` and ``unit_label`` columns.
    """
    if what in ("levers", "uncertainties"):
        return _parameters(what, lang)
    return _scenarios(lang) if what == "scenarios" else _indicators(lang)


#: Columns of the table format (JSON gives every column).
_SHORT = {
    "levers": ["key", "display_name", "unit_label", "default", "low", "high", "unit_cost_yuan",
               "cost_paid", "assumption"],
    "uncertainties": ["key", "display_name", "unit_label", "distribution", "default", "low", "high",
                      "assumption"],
    "scenarios": ["scenario", "description", "levers_set", "uncertainties_set"],
    "indicators": ["indicator", "name", "unit_label", "kind", "lower", "upper",
                   "plausible_lower", "plausible_upper"],
}


def _cell(value: object, lang: str) -> object:
    """Plain display of one cell: whole numbers with separators, codes translated."""
    from huaian_forecast.report import code_label

    if isinstance(value, bool | str):
        return code_label(value, lang)  # type: ignore[arg-type]
    if isinstance(value, float):
        if value != value:
            return "-"
        if value in (float("inf"), float("-inf")):
            return "∞" if value > 0 else "-∞"
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return value


def _cmd_listing(args: argparse.Namespace) -> int:
    from huaian_forecast.report import localise_columns

    table = listing(args.command, args.lang)
    if args.format == "table":
        table = table[_SHORT[args.command]].map(lambda v: _cell(v, args.lang))
        table = localise_columns(table, args.lang)
    print_table(table, args.format)
    return 0


_HELP = {
    "levers": "list the policy levers (unit, default, plausible range, unit cost)",
    "uncertainties": "list the uncertainties (unit, distribution, range)",
    "scenarios": "list the built-in scenarios",
    "indicators": "list the indicators (unit, valid and plausible range, accepted names)",
}


def add_listing_commands(sub: Any) -> None:
    """Register ``levers``, ``uncertainties``, ``scenarios`` and ``indicators``."""
    for what, text in _HELP.items():
        p = sub.add_parser(
            what, help=text, description=text[0].upper() + text[1:] + ". --format json "
            "gives every field.", epilog=f"example:\n  huaian-forecast {what} --format json",
            formatter_class=_RAW)
        add_format(p)
        add_lang(p)
        p.set_defaults(func=_cmd_listing)
