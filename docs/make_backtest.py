"""Regenerate docs/backtest.md and docs/backtest.json from the bundled data.

Run from the repository root::

    python docs/make_backtest.py

Every number in ``backtest.md`` comes from this script; ``tests/test_docs_backtest.py``
recomputes part of it and checks it against ``backtest.json``, so the page cannot go stale
silently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the package of this checkout, not an installed one

import huaian_forecast as hf  # noqa: E402
from huaian_forecast.exceptions import FitError  # noqa: E402
from huaian_forecast.growth import summarise  # noqa: E402

#: The backtest settings of the page (the test uses the same).
SETTINGS: dict[str, Any] = {"n_paths": 2000, "seed": 1,
                            "methods": ("scenario", "ensemble", "rw_drift_naive",
                                        "last_value"),
                            "calibrate": True}
#: Indicators backtested wherever a region has enough point years.
INDICATORS: tuple[str, ...] = ("rd_intensity", "hightech_share", "rd_spend", "hte_count")
MAX_HOLDOUT = 5  # origins per series (fewer where the series is shorter)
MIN_POINTS = 4  # point years a series needs (two to fit, two to forecast)
_DIGITS = 4


def find_series(history: pd.DataFrame) -> list[tuple[str, str, int]]:
    """``(region, indicator, holdout)`` of every series with enough point years.

    Jiangsu first, then the cities in alphabetical order; the holdout is
    ``min(MAX_HOLDOUT, points - 2)``.
    """
    points = history[history["kind"].isin(["exact", "approx", "derived"])]
    counts = points.groupby(["region", "indicator"])["year"].nunique()
    out = [(str(r), str(i), int(min(MAX_HOLDOUT, n - 2))) for (r, i), n in counts.items()
           if i in INDICATORS and n >= MIN_POINTS]
    order = {k: j for j, k in enumerate(INDICATORS)}
    return sorted(out, key=lambda x: (x[0] != "Jiangsu", x[0], order[x[1]]))


def run_series(region: str, indicator: str, holdout: int,
               history: pd.DataFrame | None = None) -> dict[str, Any]:
    """Backtest one series with :data:`SETTINGS`: rows per method, and what was skipped."""
    history = hf.load_history() if history is None else history
    base = {"region": region, "indicator": indicator, "holdout": holdout}
    try:
        fc = hf.backtest_forecasts(history, indicator=indicator, region=region,
                                   holdout=holdout, **SETTINGS)
    except FitError as exc:
        return {**base, "error": str(exc), "methods": [], "skipped": []}
    table = summarise(fc) if not fc.empty else pd.DataFrame()
    records = table.round(_DIGITS).to_dict("records")
    return {**base, "error": "", "methods": records,
            "skipped": list(fc.attrs.get("skipped", []))}


def pooled(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Coverage and width per method pooled over the series (forecast-weighted)."""
    rows: dict[str, dict[str, float]] = {}
    for res in results:
        for r in res["methods"]:
            acc = rows.setdefault(r["method"], {"n": 0, "covered": 0.0, "width": 0.0})
            acc["n"] += r["n_forecasts"]
            acc["covered"] += r["coverage80"] * r["n_forecasts"]
            acc["width"] += r["mean_rel_width"] * r["n_forecasts"]
    out = []
    for method, acc in rows.items():
        c = acc["covered"] / acc["n"]
        out.append({"method": method, "n_forecasts": int(acc["n"]),
                    "coverage80": round(c, _DIGITS),
                    "coverage80_se": round((c * (1 - c) / acc["n"]) ** 0.5, _DIGITS),
                    "mean_rel_width": round(acc["width"] / acc["n"], _DIGITS)})
    return out


def disagreements(history: pd.DataFrame) -> list[dict[str, Any]]:
    """Huai'an's targets whose models disagree today (status quo, what ``assess`` prints)."""
    from huaian_forecast.analysis import planner_assessment

    proj = hf.simulate("baseline", n_paths=SETTINGS["n_paths"], seed=SETTINGS["seed"],
                       history=history)
    table = planner_assessment(proj, hf.load_targets(), history=history,
                               n_paths=SETTINGS["n_paths"], seed=SETTINGS["seed"])
    rows = table[table["models_disagree"]]
    return [{"indicator": r.indicator, "year": int(r.year), "threshold": float(r.threshold),
             "p_reach": round(float(r.p_reach), 3),
             "p_models_min": round(float(r.p_models_min), 3),
             "p_models_max": round(float(r.p_models_max), 3), "reason": r.disagreement}
            for r in rows.itertuples(index=False)]


def _table(records: list[dict[str, Any]]) -> str:
    if not records:
        return "(no method could be scored)"
    cols = list(records[0])
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for r in records:
        lines.append("| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c])
                                       for c in cols) + " |")
    return "\n".join(lines)


def render(results: list[dict[str, Any]], pool: list[dict[str, Any]],
           disagree: list[dict[str, Any]]) -> str:
    """Return the Markdown page: fixed text around the generated tables."""
    parts = [(HERE / "backtest_intro.md").read_text(encoding="utf-8").rstrip(), "",
             "## Results (generated by `docs/make_backtest.py`)", "",
             f"Settings: `{json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in SETTINGS.items()})}`.",  # noqa: E501
             ""]
    for res in results:
        parts += [f"### {res['region']} `{res['indicator']}` (holdout {res['holdout']})", ""]
        if res["error"]:
            parts += [f"Not backtested: {res['error']}", ""]
            continue
        parts += [_table(res["methods"]), ""]
        if res["skipped"]:
            parts += ["Not scored (method from origin: reason):", ""]
            parts += [f"- {s}" for s in res["skipped"]] + [""]
    parts += ["### Pooled over the series", "", _table(pool), "",
              (HERE / "backtest_discussion.md").read_text(encoding="utf-8").rstrip(), "",
              "### Where the models disagree today (Huai'an, status quo, generated)", "",
              _table(disagree), ""]
    return "\n".join(parts)


def main() -> int:
    """Regenerate the page and its JSON."""
    history = hf.load_history()
    results = [run_series(*series, history=history) for series in find_series(history)]
    pool = pooled(results)
    disagree = disagreements(history)
    payload = {"settings": {k: list(v) if isinstance(v, tuple) else v
                            for k, v in SETTINGS.items()},
               "series": results, "pooled": pool, "disagreements": disagree}
    (HERE / "backtest.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False)
                                        + "\n", encoding="utf-8")
    page = render(results, pool, disagree)
    (HERE / "backtest.md").write_text(page, encoding="utf-8")
    print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
