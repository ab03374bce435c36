"""The home region is written once (``data/_regions.py``) and read everywhere else.

A default ``region="Huai'an"`` copied into a signature keeps its old value when the home
region changes (a fork for another city, a renamed spelling) while the rest of the
package follows :data:`~huaian_forecast.data.HOME_REGION`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import huaian_forecast
from huaian_forecast.data import HOME_REGION, REGION_NAMES_ZH

PACKAGE = Path(huaian_forecast.__file__).parent
DEFINED_IN = PACKAGE / "data" / "_regions.py"
SPELLINGS = {HOME_REGION, REGION_NAMES_ZH[HOME_REGION], REGION_NAMES_ZH[HOME_REGION][:-1]}


def _literal_defaults(tree: ast.AST) -> list[tuple[int, str]]:
    """Line and text of every string default of a parameter or ``default=`` keyword."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            defaults = [*node.args.defaults, *node.args.kw_defaults]
        elif isinstance(node, ast.Call):
            defaults = [k.value for k in node.keywords if k.arg == "default"]
        else:
            continue
        found.extend((d.lineno, d.value) for d in defaults
                     if isinstance(d, ast.Constant) and isinstance(d.value, str))
    return found


def _home_literals(source: str) -> list[tuple[int, str]]:
    return [(line, text) for line, text in _literal_defaults(ast.parse(source))
            if text in SPELLINGS]


def test_the_scan_finds_a_literal_home_region_default():
    # guards the scan below: both forms it must catch, and the form it must let pass
    source = ("def f(x, *, region: str = \"Huai'an\"): ...\n"
              "p.add_argument('--region', default='淮安市')\n"
              "def g(region=HOME_REGION): ...\n")
    assert [line for line, _ in _home_literals(source)] == [1, 2]


def test_no_signature_or_option_defaults_to_a_literal_home_region():
    offenders = [f"{path.relative_to(PACKAGE)}:{line} defaults to {text!r}"
                 for path in sorted(PACKAGE.rglob("*.py")) if path != DEFINED_IN
                 for line, text in _home_literals(path.read_text(encoding="utf-8"))]
    assert offenders == [], "read HOME_REGION from huaian_forecast.data instead"
