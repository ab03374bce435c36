"""A result's provenance as the CLI prints it: flat JSON fields and one footnote line.

The library records it once (:func:`huaian_forecast.data.result_provenance`, a table's
``attrs["provenance"]``); :func:`provenance_fields` flattens it into the fields each JSON
record of a list ends with (:func:`huaian_forecast.cli.common.frame_to_json`), and
:func:`provenance_line` into the last line of the ``assess`` and ``compare`` tables.
"""

from __future__ import annotations

from typing import Any

__all__ = ["honest_width_text", "provenance_fields", "provenance_line"]


def provenance_fields(provenance: Any) -> dict[str, Any]:
    """Flat JSON fields of a result's provenance, repeated in each record of a list.

    ``seed``, ``n_paths``, ``data_hash``, ``targets_hash`` (where targets were assessed),
    ``ytd_hash`` (where a simulation read year-to-date figures), ``method`` (where a
    simulation made the paths: ``structural`` or ``trend``), ``honest_width`` (where the
    paths were widened: :func:`honest_width_text`), ``scenario`` (where one scenario was
    simulated) and ``versions`` as one compact string (``"python=3.11.7
    huaian_forecast=0.1.0 numpy=..."``): a record stays flat, so a program reading the
    list into a table gets one column each. Empty for ``None``.
    """
    if not isinstance(provenance, dict):
        return {}
    from huaian_forecast.data import versions_text

    out = {k: provenance.get(k) for k in ("seed", "n_paths", "data_hash")}
    out |= {k: provenance[k] for k in ("targets_hash", "ytd_hash", "method")
            if provenance.get(k) is not None}
    if isinstance(provenance.get("honest_width"), dict):
        out["honest_width"] = honest_width_text(provenance["honest_width"])
    scenarios = provenance.get("scenarios") or []
    if len(scenarios) == 1:
        out["scenario"] = scenarios[0]
    out["versions"] = versions_text(provenance.get("versions") or {})
    return out


def honest_width_text(factors: dict[str, Any]) -> str:
    """Widening factors as one word: ``rd_intensity:1.925/1.317/1.857,rd_spend:1/1/1.191``.

    Per indicator its factors for horizons of 1, 2 and 3+ years, rounded to 3 decimals
    (no spaces, so the word fits the footnote's ``key=value`` line); ``"none"`` when no
    indicator was widened.
    """
    words = [f"{key}:" + "/".join(f"{float(k):.3f}".rstrip("0").rstrip(".")
                                  for _, k in sorted(per.items(), key=lambda x: int(x[0])))
             for key, per in factors.items()]
    return ",".join(words) or "none"


def provenance_line(provenance: Any) -> str | None:
    """One footnote line of a table: ``seed=2024 n_paths=10000 data_hash=2aa6b7c6bca0 ...``.

    ``... method=structural`` or ``method=trend`` says how the paths were computed, and
    ``honest_width=rd_intensity:1.925/1.317/1.857,...`` that they were widened, and by what.

    The keys of the JSON fields (the same in both languages), hashes cut to 12 characters
    as in the report's summary; ``--format json`` gives them whole, with the versions.
    None for a table without provenance.
    """
    fields = provenance_fields(provenance)
    if not fields:
        return None
    fields.pop("versions", None)
    fields.pop("scenario", None)  # the table names it
    return " ".join(f"{k}={str(v)[:12] if k.endswith('_hash') else v}"
                    for k, v in fields.items())
