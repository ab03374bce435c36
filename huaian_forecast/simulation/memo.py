"""The memo that runs of one sweep share: growth fits, anchors, history scans and shocks.

Nothing here is module state: a :class:`SimulationMemo` is created by whoever runs a
sweep (or one ``assess``) and passed down (``simulate(..., memo=m)``, ``RunSpec(memo=m)``).
Entries are keyed on content: the data hash of the history, the indicator and region, or
the seed sequence and shape of the draws. Every entry is immutable (fits and anchors are
frozen; shock arrays are marked read-only; the last observations are returned as a copy),
so sharing one changes no number.

Pickled (shipped to a worker process), a memo carries its fits, anchors and last
observations (a few KB each, so a worker need not refit them) but not the drawn shocks
(large, and cheaper to redraw than to ship).
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from huaian_forecast.data import data_hash, load_ytd, ytd_provenance
from huaian_forecast.growth import GrowthFit, fit_growth
from huaian_forecast.simulation._memory import output_array
from huaian_forecast.simulation._threads import each
from huaian_forecast.structural import (
    Anchors,
    StructuralShocks,
    anchors_from_history,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["SimulationMemo"]

_T = TypeVar("_T")


class _Bounded:
    """A small least-recently-inserted store (first in, first out)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, make: Callable[[], _T]) -> _T:
        # safe with threads (a sweep on a ThreadPoolExecutor shares one memo): at worst two
        # threads make the same entry; the value made is returned, never looked up again
        try:
            return self.items[key]
        except KeyError:
            pass
        value = make()
        if len(self.items) >= self.size:
            with contextlib.suppress(KeyError):  # emptied by another thread meanwhile
                self.items.popitem(last=False)
        self.items[key] = value
        return value


def _read_only(obj: Any) -> Any:
    """Mark every array held by ``obj`` (nested dataclasses) read-only; return ``obj``."""
    if isinstance(obj, np.ndarray):
        obj.flags.writeable = False
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            _read_only(getattr(obj, name))
    return obj


def _observations(history: pd.DataFrame, region: str
                  ) -> tuple[dict[str, tuple[int, float]], dict[str, dict[int, float]]]:
    """Return the last observed ``(year, value)`` per indicator and the exact values by year.

    The last observation is an exact or approximate point (an exact one where a year has
    both); the values by year are the exact points only: a target of such a year is
    stated as met or not, which an estimate ("预计…") cannot settle.
    """
    rows = history[(history["region"] == region) & history["kind"].isin(["exact", "approx"])]
    rows = rows.assign(_rank=rows["kind"].map({"exact": 0, "approx": 1})).sort_values(
        ["indicator", "year", "_rank"], kind="stable").drop_duplicates(["indicator", "year"])
    last: dict[str, tuple[int, float]] = {}
    points: dict[str, dict[int, float]] = {}
    for k, y, v, kind in zip(rows["indicator"], rows["year"], rows["value"], rows["kind"],
                             strict=True):
        last[str(k)] = (int(y), float(v))  # sorted by year: the last one stays
        if kind == "exact":
            points.setdefault(str(k), {})[int(y)] = float(v)
    return last, points


class SimulationMemo:
    """Results that repeated simulations of one history can share.

    Parameters
    ----------
    max_fits, max_anchors : int
        How many growth fits and anchor sets to keep.
    max_shock_sets : int
        How many sets of structural shocks (and of trend paths) to keep.
    max_shock_paths : int
        Largest run, in paths, whose shocks and trend paths are kept (default 20,000:
        about 8 MB a set at 12 years); a larger run draws its own and keeps nothing, so
        a 1M-path run does not hold its draws in memory after it returns.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> memo = SimulationMemo()
    >>> a = hf.simulate("baseline", n_paths=100, seed=1, memo=memo)
    >>> b = hf.simulate("plan_2024", n_paths=100, seed=1, memo=memo)  # re-uses fits, draws
    >>> len(memo)  # a fit, the anchors (as read, with the ytd delivery), shocks, trend, a scan
    6
    """

    def __init__(self, *, max_fits: int = 32, max_anchors: int = 32,
                 max_shock_sets: int = 4, max_shock_paths: int = 20_000) -> None:
        self._fits = _Bounded(max_fits)
        self._anchors = _Bounded(max_anchors)
        self._shocks = _Bounded(max_shock_sets)
        self._last = _Bounded(max_anchors)
        self._trend = _Bounded(max_shock_sets)
        self._ytd = _Bounded(8)  # the bundled table and its record per region
        self.max_shock_paths = max_shock_paths

    def __getstate__(self) -> dict[str, Any]:
        # shipped to a worker process: the small entries travel, the drawn shocks do not
        return {"sizes": {"max_fits": self._fits.size, "max_anchors": self._anchors.size,
                          "max_shock_sets": self._shocks.size,
                          "max_shock_paths": self.max_shock_paths},
                "fits": list(self._fits.items.items()),
                "anchors": list(self._anchors.items.items()),
                "last_observed": list(self._last.items.items())}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state["sizes"])  # type: ignore[misc]
        self._fits.items.update(state["fits"])
        self._anchors.items.update(state["anchors"])
        self._last.items.update(state["last_observed"])

    def __len__(self) -> int:
        return sum(len(store.items) for store in
                   (self._fits, self._anchors, self._shocks, self._last, self._trend))

    def __repr__(self) -> str:
        return (f"SimulationMemo(fits={len(self._fits.items)}, "
                f"anchors={len(self._anchors.items)}, shock_sets={len(self._shocks.items)}, "
                f"trend_sets={len(self._trend.items)})")

    def fit(self, history: pd.DataFrame, *, indicator: str, region: str,
            digest: str | None = None) -> GrowthFit:
        """Return ``fit_growth(history, indicator=..., region=...)``, memoised.

        ``digest`` is :func:`~huaian_forecast.data.data_hash` of ``history`` when the
        caller has it already. A :class:`~huaian_forecast.FitError` is not memoised.
        """
        key = (data_hash(history) if digest is None else digest, indicator, region)
        return self._fits.get(key, lambda: fit_growth(history, indicator=indicator,
                                                      region=region))

    def anchors(self, history: pd.DataFrame, region: str, digest: str,
                sub_models: Collection[str] | None = None, *,
                bundled_ytd: bool = False) -> Anchors:
        """Return the structural anchors of ``history`` for ``region``, memoised.

        ``sub_models``: the structural sub-models to anchor (None: all the region has).
        ``bundled_ytd``: with the first year's delivery read from the bundled year-to-date
        table (:meth:`~huaian_forecast.structural.Anchors.with_ytd`; reading the table
        cost 1.2 ms of a 7 ms 1,000-path run).
        """
        subs = None if sub_models is None else tuple(sorted(sub_models))
        if bundled_ytd:
            return self._anchors.get((digest, region, subs, "bundled ytd"), lambda: self.anchors(
                history, region, digest, subs).with_ytd(self.bundled_ytd()))
        return self._anchors.get((digest, region, subs), lambda: anchors_from_history(
            history, region, sub_models=subs))

    def bundled_ytd(self) -> pd.DataFrame:
        """Return the bundled year-to-date table, read once per memo (a sweep's runs share it)."""
        return self._ytd.get("bundled", load_ytd)

    def ytd_record(self, table: pd.DataFrame | None, region: str) -> dict[str, Any]:
        """Return :func:`~huaian_forecast.data.ytd_provenance` of ``table``, the memo's own once.

        The bundled table this memo read (:meth:`bundled_ytd`) is hashed once per region;
        any other table every time (a caller may edit it between runs).
        """
        if table is None or table is not self._ytd.items.get("bundled"):
            return ytd_provenance(table, region)
        record = self._ytd.get(("record", region), lambda: ytd_provenance(table, region))
        # a copy, the per-indicator dates too: a projection's manifest is its own
        return {k: dict(v) if isinstance(v, dict) else v for k, v in record.items()}

    def last_observed(self, history: pd.DataFrame, region: str,
                      digest: str) -> dict[str, tuple[int, float]]:
        """Last observed ``(year, value)`` per indicator of ``region``, memoised (a copy)."""
        return dict(self._last.get((digest, region),
                                   lambda: _observations(history, region))[0])

    def observed_points(self, history: pd.DataFrame, region: str,
                        digest: str) -> dict[str, dict[int, float]]:
        """Every exact ``{year: value}`` per indicator of ``region``, memoised (a copy)."""
        points = self._last.get((digest, region), lambda: _observations(history, region))[1]
        return {k: dict(v) for k, v in points.items()}

    def trend_paths(self, fit: GrowthFit, key: Hashable, stream: np.random.SeedSequence,
                    years: np.ndarray, n_paths: int, block: int, *,
                    pool: Executor | None = None) -> np.ndarray:
        """Return the fit's paths drawn in blocks of ``block`` paths, memoised.

        Block 0 is ``fit.draw(years, ...)`` seeded by ``stream`` itself (a run of at most
        ``block`` paths draws as it did before blocks), block ``b > 0`` by the ``b``-th
        child of ``stream`` (the child ``stream.spawn`` would make, whatever was spawned
        before), so a path does not depend on how the paths are split. ``key`` names the
        fit by content (data hash, indicator, region). Kept, like the shocks, only for runs
        of at most ``max_shock_paths`` paths; always a fresh copy (the caller may change it).
        ``pool``: draw the blocks on its threads (the same numbers: each block has its own
        generator and rows).
        """
        def make() -> np.ndarray:
            def part(b: int, lo: int) -> np.ndarray:
                child = stream if b == 0 else np.random.SeedSequence(
                    stream.entropy, pool_size=stream.pool_size,
                    spawn_key=(*stream.spawn_key, b))
                return fit.draw(years, n_paths=min(block, n_paths - lo),
                                seed=np.random.default_rng(child))

            if n_paths <= block:
                return part(0, 0)
            out = output_array((n_paths, len(years)))  # filled block by block: no copy

            def fill(b: int, lo: int) -> None:
                out[lo:lo + block] = part(b, lo)

            each(pool, fill, list(enumerate(range(0, n_paths, block))))
            return out

        if n_paths > self.max_shock_paths:
            return make()
        memo_key = (key, repr(stream.entropy), stream.spawn_key, n_paths,
                    tuple(int(y) for y in years))
        return self._trend.get(memo_key, lambda: _read_only(make())).copy()

    def shocks(self, streams: Sequence[np.random.SeedSequence], sizes: Sequence[int],
               n_years: int, *, keep: bool = True) -> StructuralShocks:
        """Draw (or re-use) the structural shocks of consecutive blocks of paths, joined.

        Block ``i`` has ``sizes[i]`` paths drawn from ``streams[i]`` alone. Kept when the
        blocks hold at most ``max_shock_paths`` paths in all and ``keep`` (False: one chunk
        of a larger run, which would only push the sweep's sets out).
        """
        def make() -> StructuralShocks:
            return StructuralShocks.concat([
                StructuralShocks.draw(np.random.default_rng(s), int(n), n_years)
                for s, n in zip(streams, sizes, strict=True)])

        if not keep or sum(sizes) > self.max_shock_paths:
            return make()
        key = (repr(streams[0].entropy), tuple(s.spawn_key for s in streams), tuple(sizes),
               n_years)
        return self._shocks.get(key, lambda: _read_only(make()))
