"""The HTML briefing's closing sections: scenarios, limitations, sources and manifest.

Each returns one escaped HTML fragment (a heading and its list or table) for
:func:`~huaian_forecast.report.html.to_html`, in the page's words (:data:`WORDS`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd

from huaian_forecast.report import tables
from huaian_forecast.report._html_assets import WORDS
from huaian_forecast.report._notes_zh import limitations_zh
from huaian_forecast.report._target_facts import unsimulated_targets
from huaian_forecast.report._text import (
    Lang,
    pick,
    region_name,
    short_name,
)
from huaian_forecast.simulation import Projection

__all__ = ["escape", "limits", "manifest", "scenarios", "sources", "word"]


def word(key: str, lang: Lang, **fmt: object) -> str:
    """Return the page's word ``key`` in ``lang`` (:data:`WORDS`), filled with ``fmt``."""
    return pick(WORDS, key, lang, **fmt)


def escape(value: object) -> str:
    """Return ``value`` as escaped HTML text (quotes too)."""
    return html.escape(str(value), quote=True)


def scenarios(items: Sequence[Projection], lang: Lang) -> str:
    """Return the short list of what each scenario is (gdp_slowdown: plan_2024 + a slowdown)."""
    sep = "：" if lang == "zh" else ": "
    rows = "".join(f"<li><b>{escape(name)}</b>{sep}{escape(text)}</li>"
                   for name, text in tables.scenario_descriptions(items, lang))
    return f'<h2>{escape(word("scenarios", lang))}</h2><ul class="scenarios">{rows}</ul>'


def limits(items: Sequence[Projection], assessment: pd.DataFrame, lang: Lang) -> str:
    """Return the limitations: what a probability means, unmodelled targets, model notes.

    In Chinese the model's notes are the planner sentences of the summary
    (:func:`~huaian_forecast.report._notes_zh.limitations_zh`); the English originals stay in
    the workbook's manifest sheet.
    """
    notes = list(dict.fromkeys(str(n) for p in items for n in p.manifest.get("notes", [])))
    if lang == "zh":
        notes = limitations_zh(notes, [k for p in items
                                       for k in p.manifest.get("carried_forward", [])])
    parts = [word("meaning", lang), word("mc_error", lang),
             *unsimulated_targets(assessment, lang, region=items[0].region), *notes]
    return (f"<h2>{escape(word('limits', lang))}</h2><ul>"
            + "".join(f"<li>{escape(p)}</li>" for p in parts) + "</ul>")




def sources(history: pd.DataFrame, region: str, lang: Lang,
            targets: pd.DataFrame | None = None) -> str:
    """Return the history's sources and where the targets come from (report or a file)."""
    rows = history[history["region"] == region]
    head = [word("col_indicator", lang), word("col_years", lang), word("col_n", lang),
            word("col_source", lang)]
    body = []
    for (ind, source), g in rows.groupby(["indicator", "source"], sort=True):
        years = sorted({int(y) for y in g["year"]})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        body.append(f"<tr><td>{escape(short_name(str(ind), lang))}</td>"
                    f"<td class=\"num\">{span}</td><td class=\"num\">{len(g)}</td>"
                    f"<td>{escape(source)}</td></tr>")
    where = region_name(region, lang)
    file = tables.targets_source(targets)
    note = (word("sources_note", lang, region=where) if file is None
            else word("sources_note_file", lang, region=where, file=file))
    return (f"<h2>{escape(word('sources', lang))}</h2><p class=\"muted\">{escape(note)}</p>"
            '<table class="sources"><thead>'
            + "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def manifest(items: Sequence[Projection], command: str, lang: Lang,
             targets: pd.DataFrame | None = None,
             assessments: Mapping[str, pd.DataFrame] | None = None) -> str:
    table = tables.manifest_table(items, command=command, targets=targets,
                                  assessments=assessments)
    body = "".join(f"<tr><td>{escape(f)}</td><td>{escape(v)}</td></tr>"
                   for f, v in table.itertuples(index=False))
    return (f"<h2>{escape(word('manifest', lang))}</h2><p class=\"muted\">"
            f"{escape(word('manifest_note', lang))}</p><details open><summary>manifest</summary>"
            f'<table class="manifest"><tbody>{body}</tbody></table></details>')
