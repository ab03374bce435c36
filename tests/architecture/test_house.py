"""The house rules, enforced: stages import downwards only and only public names.

Two independent checks: the project's own static reader (below; it also catches a
reach into another package's private module) and import-linter's ``layers`` contract
configured in ``pyproject.toml`` (the standard tool, run as a planner's CI would).
"""

from __future__ import annotations

import ast
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Stages from the bottom of the house to the top (ARCHITECTURE.md's order).
STAGES: tuple[str, ...] = (
    "exceptions", "indicators", "data", "scenarios", "growth", "structural", "simulation",
    "assessment", "analysis", "report", "cli",
)
#: Root modules that are not a stage: they may import every stage.
ENTRY_POINTS: frozenset[str] = frozenset({"__init__", "__main__"})


@dataclass(frozen=True)
class Violation:
    """One import that breaks the house rules."""

    module: str
    line: int
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.imported}: {self.rule}"


def _stage(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "huaian_forecast" or len(parts) < 2:
        return None
    return parts[1].removesuffix(".py")


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            out.append((node.lineno, "." * node.level + (node.module or "")))
    return out


def _check_one(module: str, stage: str, lineno: int, imported: str) -> str | None:
    """The rule ``imported`` breaks when ``module`` (of ``stage``) imports it, if any."""
    if imported.startswith("."):
        return "relative import (the house uses absolute imports)"
    target = _stage(imported)
    if target is None or target == stage or stage in ENTRY_POINTS:
        return None
    if target not in STAGES:
        return f"unknown stage {target!r}"
    if STAGES.index(target) > STAGES.index(stage):
        return f"back-arrow: stage {stage!r} imports the higher stage {target!r}"
    private = [p for p in imported.split(".")[2:] if p.startswith("_")]
    if private:
        return f"reaches into {target!r}'s private module or name {private[0]!r}"
    return None


def violations(package_dir: Path) -> list[Violation]:
    """Every import in ``package_dir`` (the ``huaian_forecast`` folder) that breaks a rule."""
    found: list[Violation] = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir)
        stage = rel.parts[0].removesuffix(".py")
        module = ".".join(("huaian_forecast", *rel.with_suffix("").parts))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for lineno, imported in _imports(tree):
            rule = _check_one(module, stage, lineno, imported)
            if rule is not None:
                found.append(Violation(module, lineno, imported, rule))
    return found


def root_modules(package_dir: Path) -> list[str]:
    """Names of the ``.py`` files directly in the package root."""
    return sorted(p.stem for p in package_dir.glob("*.py"))


PACKAGE = Path(__file__).resolve().parents[2] / "huaian_forecast"


def test_no_import_breaks_the_house_rules():
    assert [str(v) for v in violations(PACKAGE)] == []


def test_the_root_holds_only_base_types_and_entry_points():
    assert root_modules(PACKAGE) == ["__init__", "__main__", "exceptions", "indicators"]
    packages = sorted(p.name for p in PACKAGE.iterdir()
                      if p.is_dir() and (p / "__init__.py").is_file())
    assert packages == sorted(set(STAGES) - {"exceptions", "indicators"})


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    copy = tmp_path / "huaian_forecast"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "_data"))
    return copy


@pytest.mark.parametrize(("file", "line", "rule"), [
    ("data/_values.py", "from huaian_forecast.report import write_report", "back-arrow"),
    ("growth/ensemble.py", "from huaian_forecast.simulation import simulate", "back-arrow"),
    ("report/tables.py", "from huaian_forecast.growth._series import Series", "private"),
    ("analysis/compare.py", "import huaian_forecast.data._tabular", "private"),
])
def test_a_planted_bad_import_is_caught(planted: Path, file: str, line: str, rule: str):
    path = planted / file
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    found = violations(planted)
    assert found, "the planted import was not caught"
    assert {(v.module, v.line) for v in found} == {(found[0].module, found[0].line)}
    assert all(rule in v.rule for v in found)


def test_import_linter_layers_contract_holds():
    importlinter = pytest.importorskip("importlinter.cli",
                                       reason="import-linter is in the test extra")
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    # lint_imports calls logging.config.dictConfig, which disables every logger that
    # exists (disable_existing_loggers): restore them, or later tests lose the package's
    # log lines (the CLI's notes on stderr)
    loggers = [lg for lg in logging.root.manager.loggerDict.values()
               if isinstance(lg, logging.Logger)]
    disabled = [lg.disabled for lg in loggers]
    try:
        assert importlinter.lint_imports(config_filename=str(pyproject), no_cache=True) == 0
    finally:
        for lg, was in zip(loggers, disabled, strict=True):
            lg.disabled = was


def test_the_root_lists_each_public_name_once():
    import huaian_forecast as hf

    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    typed = [alias.asname or alias.name for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                 "huaian_forecast") for alias in node.names]
    assert sorted(typed) == sorted(set(typed))  # no name imported twice for type checkers
    assert set(hf.__all__) - {"__version__"} == set(typed)
    for name in hf.__all__:
        assert getattr(hf, name) is not None
