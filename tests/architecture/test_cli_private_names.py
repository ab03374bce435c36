"""The command line's modules share helpers through public names only.

``cli/frontier.py`` once imported the private ``_executor`` of ``cli/analysis.py``: a
rename there would have broken ``frontier`` alone. Shared helpers live in
``cli/common.py`` under public names (``process_pool``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import huaian_forecast

CLI = Path(huaian_forecast.__file__).parent / "cli"


def _private_imports(source: str) -> list[str]:
    """``module.name`` of every private name imported from a public ``cli`` module."""
    out: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                and node.module.startswith("huaian_forecast.cli.")
                and not node.module.rsplit(".", 1)[1].startswith("_")):
            out.extend(f"{node.module}.{a.name}" for a in node.names
                       if a.name.startswith("_"))
    return out


def test_the_scan_finds_a_private_name_imported_from_a_sibling():
    source = ("def f():\n    from huaian_forecast.cli.analysis import _executor\n"
              "from huaian_forecast.cli.common import process_pool\n")
    assert _private_imports(source) == ["huaian_forecast.cli.analysis._executor"]


def test_no_cli_module_imports_a_private_name_of_another():
    found = {path.name: _private_imports(path.read_text(encoding="utf-8"))
             for path in sorted(CLI.glob("*.py"))}
    assert {name: names for name, names in found.items() if names} == {}
