"""A tiny progress bar on stderr for long CLI runs (sweeps, sensitivity, reports).

It draws only when the stream is a terminal, so piped or logged output, CI logs and tests
stay clean. No dependency beyond the standard library.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TextIO, TypeVar

__all__ = ["ProgressBar", "step_label", "track"]

T = TypeVar("T")
_WIDTH = 28

#: What a long command is doing, in Chinese and English (the bar's label).
_STEPS: dict[str, tuple[str, str]] = {
    "scenarios": ("模拟各情景", "simulating scenarios"),
    "lever values": ("模拟杠杆取值", "simulating lever values"),
    "lever grid": ("模拟杠杆组合网格", "simulating the lever grid"),
    "simulating": ("模拟", "simulating"),
    "tornado": ("敏感性分析（龙卷风图）", "sensitivity (tornado)"),
    "writing": ("写出报告", "writing report"),
}


def step_label(step: str, lang: str) -> str:
    """Return the progress bar's label for ``step`` in ``lang`` (``zh`` or else English).

    Examples
    --------
    >>> step_label("scenarios", "zh"), step_label("scenarios", "en")
    ('模拟各情景', 'simulating scenarios')
    """
    zh, en = _STEPS[step]
    return zh if lang == "zh" else en


class ProgressBar:
    """A text progress bar ``label [#####.....] 5/10``.

    Parameters
    ----------
    total : int
        Number of steps; 0 means unknown (only the count is shown).
    label : str
        Text shown before the bar.
    stream : file-like, optional
        Where to draw (default: ``sys.stderr`` at the time of the call).
    enabled : bool, optional
        Force drawing on or off; by default on only when ``stream`` is a terminal.

    Notes
    -----
    Usable as a context manager (the line is finished on exit) and as a callback
    ``bar(done, total)`` for library functions that report progress that way.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> with ProgressBar(2, label="demo", stream=out, enabled=True) as bar:
    ...     bar.advance()
    ...     bar.advance()
    >>> out.getvalue().splitlines()[-1].strip().endswith("2/2")
    True
    """

    def __init__(self, total: int = 0, *, label: str = "", stream: TextIO | None = None,
                 enabled: bool | None = None) -> None:
        if total < 0:
            raise ValueError(f"total must be >= 0, got {total}")
        self.total = total
        self.done = 0
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty()) if callable(isatty) else False
        self.enabled = enabled
        self._drawn = False

    def _render(self) -> str:
        if self.total <= 0:
            return f"\r{self.label} {self.done}"
        frac = min(self.done / self.total, 1.0)
        filled = round(frac * _WIDTH)
        return (f"\r{self.label} [{'#' * filled}{'.' * (_WIDTH - filled)}] "
                f"{self.done}/{self.total}")

    def _draw(self) -> None:
        if self.enabled:
            self.stream.write(self._render())
            self.stream.flush()
            self._drawn = True

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more steps as done and redraw (past an estimated total: it grows)."""
        self.done += n
        if 0 < self.total < self.done:
            self.total = self.done
        self._draw()

    def __call__(self, done: int, total: int | None = None) -> None:
        """Set the progress to ``done`` (of ``total``, if given) and redraw."""
        self.done = done
        if total is not None:
            self.total = total
        self._draw()

    def close(self) -> None:
        """Finish the line if anything was drawn."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def track(items: Iterable[T], *, total: int | None = None, label: str = "",
          stream: TextIO | None = None, enabled: bool | None = None) -> Iterator[T]:
    """Yield from ``items`` while drawing a :class:`ProgressBar` (off when not a terminal).

    Examples
    --------
    >>> list(track([1, 2, 3], label="x"))
    [1, 2, 3]
    """
    if total is None:
        total = len(items) if isinstance(items, Sized) else 0
    with ProgressBar(total, label=label, stream=stream, enabled=enabled) as bar:
        bar(0)  # show the bar before the first (possibly long) item
        for item in items:
            yield item
            bar.advance()
