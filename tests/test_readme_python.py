"""The README's "In Python" snippet runs, and what it says about it holds.

The snippet shows ``hf.assess`` (the scenario model alone) and ``planner_assessment``
(what ``huaian-forecast assess`` prints: the growth families' range joined); the sentence
under it names one target whose label differs between the two. Both are checked here, so
a model change that moves those labels fails until the README says the new ones.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## In Python", 1)[1].split("\n## ", 1)[0]


def test_the_python_snippet_gives_what_the_cli_prints_and_the_text_says_so(run_cli):
    section = _section()
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code.group(1), str(README), "exec"), namespace)
    table, full = namespace["table"], namespace["full"]
    said = re.search(r"At seed 1, HTE 2030 is \*(.+?)\* in `table` and \*(.+?)\* in `full`",
                     " ".join(section.split()))
    assert said is not None, "the sentence naming HTE 2030's two labels is gone"

    def label(frame):
        return frame.set_index(["indicator", "year"]).loc[("hte_count", 2030), "label"]

    assert (label(table), label(full)) == (said.group(1), said.group(2))
    simulated = (table["p_source"] == "simulation").to_numpy()
    assert table.loc[simulated, "p_models_min"].isna().all()  # the scenario model alone
    assert full.loc[simulated, "p_models_min"].notna().any()  # the families' range joined
    # planner_assessment at seed 1 is the command line's assess --seed 1, label for label
    rc, out, err = run_cli("assess", "--seed", "1", "--format", "json")
    assert rc == 0, err
    cli = [(r["indicator"], r["year"], r["label"]) for r in json.loads(out)]
    assert cli == list(zip(full["indicator"], full["year"], full["label"], strict=True))
