"""The run's input files read from the command line: history, targets, year-to-date figures.

Each is read once per command, before any simulation, and what a planner should know about
it (rows of other regions, bundled rows the file leaves out, an annual target the targets
state otherwise) is queued as a note printed after the answer (``args.notes_after``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Literal

from huaian_forecast.cli.checks import check_threshold, indicator_key
from huaian_forecast.exceptions import ArgumentError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["history_from_args", "note_other_regions", "target_from_args",
           "targets_from_args", "ytd_table_from_args"]


def ytd_table_from_args(args: argparse.Namespace, targets: pd.DataFrame | None,
                        history: pd.DataFrame) -> pd.DataFrame | None:
    """Read ``--ytd`` once for the whole run (simulation and nowcast), before any work.

    ``--no-ytd``: an empty table (no figures anywhere); neither option: None, the bundled
    figures (the library's default for both). With ``targets``, an annual target of the
    figures that is not the targets' threshold of that year is noted after the answer
    (``history``: the run's, loaded once by the command, decides the first simulated
    year; the note reads it, never the bundled file again).
    """
    from huaian_forecast.data import empty_ytd, load_ytd

    if args.no_ytd:
        return empty_ytd()
    if args.ytd is None:
        if targets is not None and args.targets is not None:  # the bundled figures
            _note_other_annual_targets(args, load_ytd(), targets, "the bundled year-to-date "
                                                                  "figures", history)
        return None
    table = load_ytd(args.ytd)
    from huaian_forecast.data import HOME_REGION

    if targets is not None:
        _note_other_annual_targets(args, table, targets, str(args.ytd), history)
    others = sorted({str(r) for r in table["region"].dropna() if str(r).strip()}
                    - {HOME_REGION})
    note_other_regions(args, str(args.ytd), others, f"the run simulates {HOME_REGION}")
    return table


def note_other_regions(args: argparse.Namespace, source: str, regions: list[str],
                       why: str) -> None:
    """Note, after the answer, that the rows of ``regions`` in ``source`` are not used.

    ``assess``, ``compare``, ``report`` (the run simulates the home region) and ``pace``
    (it paces the home region's figures) keep another region's year-to-date rows out of
    the answer and say so in the same words, with ``why``.
    """
    if regions:
        vars(args).setdefault("notes_after", []).append(
            f"{source}: the rows of {', '.join(regions)} are not used ({why})")


def _note_other_annual_targets(args: argparse.Namespace, ytd: pd.DataFrame,
                               targets: pd.DataFrame, source: str,
                               history: pd.DataFrame) -> None:
    """Note each year-to-date annual target that the targets table states otherwise.

    The nowcast is of the target's threshold; where the first simulated year is the
    figures' year, the first-year delivery of an indicator that sets one
    (``structural.YTD_DELIVERY``: technology projects) reads the share of the row's annual
    target done: two files that disagree give an answer about two targets.
    """
    import numpy as np

    from huaian_forecast.assessment import as_date, stated_annual_target
    from huaian_forecast.data import HOME_REGION
    from huaian_forecast.structural import YTD_DELIVERY, find_origin

    mine = targets[targets["region"] == HOME_REGION]
    first = find_origin(history, HOME_REGION) + 1
    for rec in ytd.to_dict("records"):
        stated = stated_annual_target(rec)
        if str(rec["region"]) != HOME_REGION or stated is None:
            continue
        year = as_date(rec["as_of"]).year
        hit = mine[(mine["indicator"] == rec["indicator"]) & (mine["year"] == year)]
        if np.isclose(hit["threshold"].astype(float), stated, rtol=1e-9, atol=0.0).any():
            continue  # one of its tiers (确保 / 力争) is the figures' annual target
        for threshold in hit["threshold"]:
            if not np.isclose(float(threshold), stated, rtol=1e-9, atol=0.0):
                reads = (f"the first simulated year's delivery reads {stated:g}, "
                         if year == first and rec["indicator"] in YTD_DELIVERY else "")
                vars(args).setdefault("notes_after", []).append(
                    f"{source}: the annual target of {rec['indicator']} {year} is "
                    f"{stated:g}, the targets say {float(threshold):g}: {reads}the nowcast is "
                    f"of {float(threshold):g}")


def history_from_args(args: argparse.Namespace, *, bundled: bool = False) -> Any:
    """Load ``--data`` (from ``--sheet`` if given).

    Without ``--data``: the bundled history if ``bundled``, else ``None`` (the library
    then loads the bundled history itself).
    """
    from huaian_forecast.data import load_history

    sheet = getattr(args, "sheet", None)
    if args.data is None:
        if sheet is not None:
            raise ArgumentError("--sheet needs --data (the bundled history is a CSV file)")
        return load_history() if bundled else None
    history = load_history(args.data, sheet=sheet)
    bundled = load_history()  # read once: the unused rows and the reference regions
    _note_unused_home_rows(args, history, bundled)
    if getattr(args, "no_reference", False):
        return history
    from huaian_forecast.data import with_reference_regions

    history = with_reference_regions(history, reference=bundled)
    added = history.attrs.get("reference_regions")
    if added:  # said after the answer (``cli.main``), so an error stays one line
        vars(args).setdefault("notes_after", []).append(
            f"{args.data}: the bundled rows of {len(added)} reference regions it has no row "
            f"of ({', '.join(added)}) were added for the calibrations across regions; "
            "--no-reference uses the file alone")
    return history


def _note_unused_home_rows(args: argparse.Namespace, history: pd.DataFrame,
                           bundled: pd.DataFrame) -> None:
    """Note the bundled rows of the simulated region a planner's file leaves out.

    A file replaces the bundled figures of the region it simulates (Huai'an): a series
    the bundled data has and the file lacks is not used, which can change the answer.
    """
    from huaian_forecast.data import HOME_REGION

    home = bundled[bundled["region"] == HOME_REGION]
    mine = history[history["region"] == HOME_REGION]
    have = set(zip(mine["indicator"], mine["year"], strict=True))
    unused = home[[(i, y) not in have for i, y in zip(home["indicator"], home["year"],
                                                      strict=True)]]
    if unused.empty:
        return
    series = "; ".join(f"{key} {_year_runs(group['year'])}"
                       for key, group in unused.groupby("indicator", sort=True))
    vars(args).setdefault("notes_after", []).append(
        f"{args.data}: {len(unused)} bundled {HOME_REGION} row(s) the file does not have are "
        f"not used ({series}): a file replaces the bundled figures of {HOME_REGION}; copy "
        "the rows to keep from the bundled data (huaian_forecast.load_history()) into it")


def _year_runs(years: Any) -> str:
    """Return years as runs of consecutive years: ``2013-2015, 2018``."""
    runs: list[list[int]] = []
    for year in sorted({int(y) for y in years}):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def targets_from_args(args: argparse.Namespace) -> pd.DataFrame:
    """Load ``--targets`` (default: the bundled targets)."""
    from huaian_forecast.data import load_targets

    return load_targets(args.targets) if args.targets else load_targets()


def target_from_args(args: argparse.Namespace, *,
                     direction: Literal["at_least", "at_most"] = "at_least") -> Any:
    """Return the one target of ``solve`` / ``frontier`` (``--indicator``, ``--year`` ...).

    Without ``--threshold`` the bundled (or ``--targets``) target of that year; a year
    without one is refused with the years that have one, and a year with a floor and a
    stretch goal needs ``--tier``.

    Raises
    ------
    ArgumentError
        For an unknown indicator, an implausible threshold or a year without a target.
    """
    from huaian_forecast.assessment import Target

    key = indicator_key(args.indicator)
    if args.threshold is not None:
        if getattr(args, "tier", None) is not None:
            raise ArgumentError("--tier chooses between a targets file's floor and stretch "
                                "goal; with --threshold leave it out")
        check_threshold(key, args.threshold, direction)
        return Target(indicator=key, year=args.year, threshold=args.threshold,
                      direction=direction, source="command line")
    from huaian_forecast.data import HOME_REGION

    table = targets_from_args(args)
    mine = table[table["indicator"] == key]
    others = mine[mine["region"] != HOME_REGION]  # the command simulates HOME_REGION
    mine = mine[mine["region"] == HOME_REGION]
    hit = mine[mine["year"] == args.year]
    if hit.empty and (others["year"] == args.year).any():
        region = others.loc[others["year"] == args.year, "region"].iloc[0]
        raise ArgumentError(
            f"the target for {key} in {args.year} is {region}'s; this command simulates "
            f"{HOME_REGION}: give --threshold for a {HOME_REGION} target")
    if hit.empty:
        years = ", ".join(str(int(y)) for y in sorted(set(mine["year"])))
        raise ArgumentError(
            f"no target for {key} in {args.year}; give --threshold, or a year with a "
            f"target for {key}: {years}" if years else
            f"no target for {key} in {args.year}; give --threshold (no year has a target "
            f"for {key})")
    row = _one_tier(hit, getattr(args, "tier", None), key, args.year)
    return Target(indicator=key, year=args.year, threshold=float(row["threshold"]),
                  direction=row["direction"], source=str(row["source"]),
                  region=str(row["region"]), tier=row.get("tier", "single"))


def _one_tier(hit: pd.DataFrame, tier: str | None, key: str, year: int) -> pd.Series:
    """Return the row of the target meant: the ``--tier`` one where the year has two.

    Raises
    ------
    ArgumentError
        For two tiers and no ``--tier`` (naming both), or a ``--tier`` the year lacks.
    """
    from huaian_forecast.data import tiers_of

    tiers = tiers_of(hit)
    stated = ", ".join(f"{t} {float(v):g}" for t, v in zip(tiers, hit["threshold"],
                                                            strict=True) if t != "single")
    if tier is not None:
        mine = hit[tiers == tier]
        if mine.empty:
            raise ArgumentError(
                f"no {tier} target for {key} in {year}"
                + (f"; its targets: {stated}" if stated else " (its target has no tier: "
                   "leave out --tier)"))
        return mine.iloc[0]
    if (tiers != "single").any():
        raise ArgumentError(f"{key} {year} has a floor (确保) and a stretch goal (力争) "
                            f"({stated}): choose one with --tier floor or --tier stretch")
    return hit.iloc[0]
