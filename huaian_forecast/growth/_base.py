"""Common interface of the growth families, the fit context and the fitted-model object.

A family is a stateless :class:`GrowthModel` (settings only) with a mean function on its
scale. Two structures exist:

* ``"trend"``: ``z(t) = m(t; theta) + e_t`` with independent ``e_t ~ N(0, sigma^2 +
  tau_t^2)`` (``tau_t`` the observation noise of the row); paths add fresh noise each year.
* ``"increment"``: a random walk ``z(t) = z(t-1) + d(t; theta) + sigma * eps_t`` started
  at the last point observation; ``m(t; theta)`` is then the cumulative drift since that
  year, so the spread of paths grows like ``sqrt(h)`` plus the drift uncertainty ``* h``.

The fitted :class:`ModelFit` holds the posterior mode and a Laplace (normal) approximation
of the parameters on an unconstrained scale; :meth:`ModelFit.sample` draws parameters first
and noise second, so intervals include parameter uncertainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import numpy as np
from scipy import special

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.growth._series import Scale, scale_for
from huaian_forecast.indicators import IndicatorKind

__all__ = [
    "LEVEL_PRIOR_SD",
    "SIGMA_PRIOR",
    "WEAK_GROWTH_PRIOR_SD",
    "FitContext",
    "GrowthModel",
    "ModelFit",
    "Shocks",
    "Structure",
    "norm_logpdf",
]

Structure = Literal["trend", "increment"]

#: ASSUMPTION: weak prior s.d. of the yearly growth on the log / logit scale when no
#: reference region informs it (0.5 = +-50 % a year at one s.d.; practically flat).
WEAK_GROWTH_PRIOR_SD = 0.5
#: ASSUMPTION: prior of the yearly deviation s.d. ``sigma`` on the log / logit scale:
#: lognormal with median 0.05 (5 %) and log-s.d. 1.0 (so 0.7 %-35 % is within 2 s.d.).
#: It keeps ``sigma`` finite when 2-3 points fit a line exactly.
SIGMA_PRIOR = (0.05, 1.0)
#: Weak prior s.d. of a level (intercept) on the model scale (practically flat).
LEVEL_PRIOR_SD = 5.0
_LOG_2PI = math.log(2.0 * math.pi)


def norm_logpdf(x: float, mean: float, sd: float) -> float:
    """Log density of a normal distribution at a scalar (plain floats: fast in a loop)."""
    u = (float(x) - float(mean)) / sd
    return -0.5 * u * u - math.log(sd) - 0.5 * _LOG_2PI


@dataclass(frozen=True, slots=True, kw_only=True)
class FitContext:
    """What a family needs to know about the series to set priors and starts.

    Parameters
    ----------
    scale : Scale
        The model's scale.
    anchor_year : float
        Year of the last point observation; time enters models as ``x = year - anchor``.
    z_anchor, y_anchor : float
        Value at the anchor year on the model scale and in published units.
    tau_anchor : float
        Observation-noise s.d. of the anchor value on the model scale.
    y_max : float
        Largest observed value (points and lower bounds), published units.
    growth_mean, growth_sd : float
        Prior of the yearly growth on the model scale (from a reference region, or weak).
    sigma_centre : float
        Prior median of ``sigma`` on the model scale.
    bound_x, bound_lo, bound_hi : float
        The latest year after the anchor with bounds (``x`` = years after the anchor) and
        the tightest lower / upper bound there on the model scale; random-walk paths are
        drawn conditional on them (truncated normal), so a "> 100" published after the
        last point holds on every path.
    """

    scale: Scale
    anchor_year: float
    z_anchor: float
    y_anchor: float
    tau_anchor: float
    y_max: float
    growth_mean: float
    growth_sd: float
    sigma_centre: float
    bound_x: float | None = None
    bound_lo: float = float("-inf")
    bound_hi: float = float("inf")

    def __post_init__(self) -> None:
        if not (self.growth_sd > 0 and self.sigma_centre > 0):
            raise ValueError("growth_sd and sigma_centre must be positive")


class GrowthModel:
    """Interface of a growth family (subclasses are frozen dataclasses of settings).

    Subclasses set the class attributes and implement :meth:`mean`, :meth:`log_prior`,
    :meth:`starts` and :meth:`describe`. The last parameter is always ``log sigma``.
    """

    __slots__ = ()
    name: ClassVar[str]
    structure: ClassVar[Structure]
    param_names: ClassVar[tuple[str, ...]]
    #: fewest observations (points + bounds) for the family to be admissible on own data
    min_obs: ClassVar[int]
    #: index of the yearly-growth parameter a reference prior applies to (None: none)
    growth_index: ClassVar[int | None] = None

    @property
    def n_params(self) -> int:
        """Number of estimated parameters, ``sigma`` included."""
        return len(self.param_names)

    def label(self, kind: IndicatorKind) -> str:
        """Name shown in tables (may depend on the indicator kind)."""
        return self.name

    def scale(self, kind: IndicatorKind) -> Scale:
        """Scale the family works on for an indicator kind."""
        return scale_for(kind)

    def mean(self, theta: np.ndarray, x: np.ndarray, ctx: FitContext) -> np.ndarray:
        """Mean on the model scale, ``theta`` of shape ``(..., k)``, ``x`` of shape ``(n,)``."""
        raise NotImplementedError

    def log_prior(self, theta: np.ndarray, ctx: FitContext) -> float:
        """Log prior density of one parameter vector."""
        raise NotImplementedError

    def starts(self, x: np.ndarray, z: np.ndarray, ctx: FitContext) -> list[np.ndarray]:
        """Return starting vectors for the optimiser, from the point observations."""
        raise NotImplementedError

    def describe(self, theta: np.ndarray, ctx: FitContext) -> dict[str, np.ndarray]:
        """Parameters on their natural scale, vectorised over ``theta`` of shape ``(..., k)``."""
        raise NotImplementedError

    def sigma_prior(self, theta: np.ndarray, ctx: FitContext) -> float:
        """Log prior of ``log sigma`` (shared by all families, see :data:`SIGMA_PRIOR`)."""
        return float(norm_logpdf(theta[-1], np.log(ctx.sigma_centre), SIGMA_PRIOR[1]))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Shocks:
    """Standard random inputs of a family's paths, drawn apart from the dynamics.

    Parameters
    ----------
    params : numpy.ndarray
        ``(n_paths, k)`` standard normals for the parameter draw.
    start : numpy.ndarray
        ``(n_paths, 1)`` standard normals for the anchor's observation noise.
    uniform : numpy.ndarray
        ``(n_paths, 1)`` uniforms on (0, 1) for the truncation at a later bound.
    noise : numpy.ndarray
        ``(n_paths, n_noise)`` standard normals: yearly noise or random-walk steps.
    """

    params: np.ndarray
    start: np.ndarray
    uniform: np.ndarray
    noise: np.ndarray

    def __post_init__(self) -> None:
        n = self.params.shape[0]
        if self.params.ndim != 2 or any(a.ndim != 2 or a.shape[0] != n
                                        for a in (self.start, self.uniform, self.noise)):
            raise ArgumentError("shocks must be 2-d arrays with the same number of rows")

    @property
    def n_paths(self) -> int:
        """Number of paths."""
        return int(self.params.shape[0])

    @classmethod
    def draw(cls, rng: np.random.Generator, *, n_paths: int, k: int, n_noise: int) -> Shocks:
        """Draw the shocks of ``n_paths`` paths (in a fixed order)."""
        return cls(params=rng.standard_normal((n_paths, k)),
                   start=rng.standard_normal((n_paths, 1)),
                   uniform=rng.random((n_paths, 1)),
                   noise=rng.standard_normal((n_paths, n_noise)))

    @classmethod
    def zeros(cls, *, n_paths: int, k: int, n_noise: int) -> Shocks:
        """All-zero shocks (uniform at its median): without a later bound, the point forecast."""
        return cls(params=np.zeros((n_paths, k)), start=np.zeros((n_paths, 1)),
                   uniform=np.full((n_paths, 1), 0.5), noise=np.zeros((n_paths, n_noise)))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ModelFit:
    """One fitted family: posterior mode, Laplace covariance and fit statistics.

    Parameters
    ----------
    model : GrowthModel
        The family.
    name : str
        Display name (e.g. ``"logit_linear"`` for the log-linear family on a share).
    ctx : FitContext
        Priors and anchor used.
    theta : numpy.ndarray
        Posterior mode on the unconstrained scale.
    cov : numpy.ndarray
        Laplace covariance of ``theta`` (inverse Hessian of the negative log posterior).
    loglik : float
        Log likelihood at the mode of all observations but the first point, in published
        units (Jacobian included) so that families on different scales compare.
    n_cond : int
        Number of observations in ``loglik``.
    prior_share : float
        Share of the growth estimate's precision that comes from the prior
        (``posterior var / prior var``); NaN for families without a growth parameter.
    lower, upper : float
        Valid range of the indicator (paths are clipped to it).
    notes : tuple of str
        Warnings caught while fitting.
    """

    model: GrowthModel
    name: str
    ctx: FitContext
    theta: np.ndarray
    cov: np.ndarray
    loglik: float
    n_cond: int
    prior_share: float
    lower: float
    upper: float
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        k = self.model.n_params
        if self.theta.shape != (k,) or self.cov.shape != (k, k):
            raise ValueError(f"theta must have shape ({k},) and cov ({k}, {k})")
        if not (np.all(np.isfinite(self.theta)) and np.all(np.isfinite(self.cov))):
            raise ValueError("theta and cov must be finite")

    @property
    def k(self) -> int:
        """Number of estimated parameters."""
        return self.model.n_params

    @property
    def aicc(self) -> float:
        """Small-sample AIC, ``-2 l + 2k + 2k(k+1)/(n-k-1)``; NaN when ``n <= k + 1``."""
        n, k = self.n_cond, self.k
        if n - k - 1 <= 0:
            return float("nan")
        return -2.0 * self.loglik + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1)

    def parameters(self) -> dict[str, float]:
        """Natural-scale parameters at the mode."""
        return {k: float(v) for k, v in self.model.describe(self.theta, self.ctx).items()}

    def parameter_draws(self, n_draws: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Natural-scale parameters of ``n_draws`` Laplace draws (as used by the paths)."""
        shocks = Shocks.draw(rng, n_paths=n_draws, k=self.k, n_noise=0)
        sd = np.sqrt(np.diag(self.cov))
        theta = np.clip(self.theta + shocks.params @ _safe_cholesky(self.cov).T,
                        self.theta - 6.0 * sd, self.theta + 6.0 * sd)
        return {k: np.asarray(v) for k, v in self.model.describe(theta, self.ctx).items()}

    def predict(self, years: np.ndarray) -> np.ndarray:
        """Point forecast at the mode (no noise), published units."""
        x = np.asarray(years, dtype=float) - self.ctx.anchor_year
        z = self.model.mean(self.theta[None, :], x, self.ctx)[0]
        if self.model.structure == "increment":
            z = z + self.ctx.z_anchor
        return self._to_published(z)

    def n_noise(self, years: np.ndarray) -> int:
        """Return how many yearly noise shocks a path over ``years`` needs."""
        x = np.asarray(years, dtype=float) - self.ctx.anchor_year
        if self.model.structure == "trend":
            return int(x.size)
        origin = 0.0 if self.ctx.bound_x is None else self.ctx.bound_x
        return int(np.rint(np.maximum(x - origin, 0.0)).max(initial=0))

    def sample(self, years: np.ndarray, n_paths: int, rng: np.random.Generator, *,
               include_noise: bool = True) -> np.ndarray:
        """Draw ``(n_paths, len(years))`` continuous paths: parameters, then noise.

        The shocks are drawn by :meth:`Shocks.draw` and passed to :meth:`project`; with
        ``include_noise=False`` the yearly noise is set to zero after drawing (the same
        random stream), leaving the parameter uncertainty only: the trend of each path.
        """
        shocks = Shocks.draw(rng, n_paths=n_paths, k=self.k, n_noise=self.n_noise(years))
        if not include_noise:
            shocks = Shocks(params=shocks.params, start=np.zeros_like(shocks.start),
                            uniform=np.full_like(shocks.uniform, 0.5),
                            noise=np.zeros_like(shocks.noise))
        return self.project(years, shocks)

    def project(self, years: np.ndarray, shocks: Shocks) -> np.ndarray:
        """Paths for given standard shocks (pure: the same shocks give the same paths).

        Parameters are ``theta + L e`` (``L`` the Cholesky factor of the Laplace
        covariance, ``e = shocks.params``, truncated at 6 s.d. so no draw overflows); the
        noise is independent per year (trend) or a random walk started at the anchor
        (increment). With all shocks zero (and no later bound) the path is the point
        forecast. Values are clipped to the indicator's range. A non-finite value on the
        model scale is a numerical guard, not a modelled outcome: +-inf becomes the largest
        float (then clipped), NaN the anchor value (none occurred in 14 million draws of
        every bundled series, all families, 2024-2035).
        """
        x = np.asarray(years, dtype=float) - self.ctx.anchor_year
        if shocks.params.shape[1] != self.k or shocks.noise.shape[1] < self.n_noise(years):
            raise ArgumentError(f"shocks need {self.k} parameter columns and >= "
                                f"{self.n_noise(years)} noise columns")
        sd = np.sqrt(np.diag(self.cov))
        theta = self.theta + shocks.params @ _safe_cholesky(self.cov).T
        theta = np.clip(theta, self.theta - 6.0 * sd, self.theta + 6.0 * sd)
        sigma = np.exp(theta[:, -1])[:, None]
        with np.errstate(all="ignore"):
            mean = self.model.mean(theta, x, self.ctx)
            if self.model.structure == "trend":
                z = mean + sigma * shocks.noise[:, :x.size]
            else:
                z = self._walk(theta, mean, sigma, x, shocks)
        bad = ~np.isfinite(z)
        if bad.any():  # rare: repair only then (a full nan_to_num pass cost ~20% here)
            z = np.where(bad, np.nan_to_num(z, nan=self.ctx.z_anchor), z)
        return self._to_published(z)

    def _walk(self, theta: np.ndarray, mean: np.ndarray, sigma: np.ndarray, x: np.ndarray,
              shocks: Shocks) -> np.ndarray:
        """Random-walk paths from the anchor, conditioned on a later bound if any."""
        ctx = self.ctx
        start = ctx.z_anchor + ctx.tau_anchor * shocks.start
        origin = 0.0 if ctx.bound_x is None else ctx.bound_x
        if ctx.bound_x is not None:
            mean_b = self.model.mean(theta, np.array([origin]), ctx)
            start = _truncated(start + mean_b, sigma * np.sqrt(origin), ctx.bound_lo,
                               ctx.bound_hi, shocks.uniform)
            mean = mean - mean_b
        steps = np.rint(np.maximum(x - origin, 0.0)).astype(int)
        walk = np.concatenate([np.zeros((theta.shape[0], 1)),
                               np.cumsum(shocks.noise[:, :int(steps.max(initial=0))], axis=1)],
                              axis=1)
        return np.asarray(start + mean + sigma * walk[:, steps])

    def _to_published(self, z: np.ndarray) -> np.ndarray:
        y = self.ctx.scale.inverse(z)
        return np.clip(y, self.lower, self.upper)


def _truncated(mean: np.ndarray, sd: np.ndarray, lo: float, hi: float,
               uniform: np.ndarray) -> np.ndarray:
    """``N(mean, sd^2)`` truncated to ``[lo, hi]`` by the inverse CDF of ``uniform``."""
    a = special.ndtr((lo - mean) / sd)
    b = special.ndtr((hi - mean) / sd)
    u = a + (b - a) * uniform
    draw = mean + sd * special.ndtri(np.clip(u, 1e-12, 1 - 1e-12))
    # far in a tail the inverse CDF saturates: fall back to the bound itself
    return np.clip(np.where(np.isfinite(draw), draw, np.where(np.isfinite(lo), lo, hi)),
                   lo, hi)


def _safe_cholesky(cov: np.ndarray) -> np.ndarray:
    """Cholesky factor of a covariance, with a tiny ridge if it is only semi-definite."""
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        vals, vecs = np.linalg.eigh(cov)
        return np.asarray(vecs * np.sqrt(np.maximum(vals, 1e-12)))
