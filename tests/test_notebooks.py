"""Every notebook in notebooks/ runs top to bottom (nbclient, kernel ``python3``).

The ``python3`` kernelspec ships with ipykernel (in the test extra) inside the
environment's prefix, and jupyter_client replaces its ``python`` with ``sys.executable``,
so the notebooks run with the interpreter running the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CELL_TIMEOUT = 120  # seconds per cell; a generous ceiling, not a timing test


def test_there_are_notebooks():
    assert any(p.name.startswith("01_") for p in PATHS)


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_runs(path: Path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError naming the failing cell


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_outputs_are_cleared(path: Path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert dirty == [], f"{path.name}: clear outputs (jupyter nbconvert --clear-output)"
