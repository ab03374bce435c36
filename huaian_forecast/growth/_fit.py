"""Censored likelihood, posterior-mode fit and Laplace approximation for one family.

Notes
-----
Each observation ``i`` sits on the model scale as ``z_i`` with extra noise ``tau_i``
(:data:`~huaian_forecast.growth._series.OBSERVATION_NOISE`). With ``s_i^2 = sigma^2 +
tau_i^2`` and mean ``m_i``:

* point: ``log phi((z_i - m_i) / s_i) - log s_i``;
* lower bound (true value >= ``z_i``): ``log Phi((m_i - z_i) / s_i)``;
* upper bound: ``log Phi((z_i - m_i) / s_i)``.

For ``"increment"`` families the points enter through their successive differences
``d_j = z_{j+1} - z_j``, jointly normal with mean ``m(t_{j+1}) - m(t_j)`` and covariance
``sigma^2 (t_{j+1} - t_j)`` on the diagonal plus the observation noise (an MA(1) term).
A bound enters conditionally on the nearest earlier point (or the first point), with
variance ``sigma^2 |dt| + tau^2`` (a composite likelihood: bounds are treated as
independent given the points; an approximation).

Likelihoods are compared in published units (``log |dz/dy|`` added for points) and
conditionally on the first point, so trend and random-walk families score the same data.
The posterior mode maximises likelihood + prior + ``min(k_mean, n) log sigma`` (a
restricted-likelihood correction so that ``sigma`` is not underestimated with few points)
by a damped Newton method from the family's starts (Nelder-Mead polish when Newton stalls);
the covariance is the inverse of the central-difference Hessian at the mode.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import special

from huaian_forecast.exceptions import ConvergenceWarning
from huaian_forecast.growth._base import (
    SIGMA_PRIOR,
    FitContext,
    GrowthModel,
    ModelFit,
)
from huaian_forecast.growth._series import Scale, Series, scale_for

__all__ = ["Prepared", "fit_model", "log_likelihood", "make_context", "prepare"]

_VAR_FLOOR = 1e-12
_BAD = 1e12
_LOG_2PI = float(np.log(2.0 * np.pi))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Prepared:
    """Observations on a model scale, time relative to the anchor, index sets precomputed."""

    x: np.ndarray
    z: np.ndarray
    tau: np.ndarray
    censor: np.ndarray
    jac: np.ndarray
    first: int  # index of the earliest point (left out of the comparison likelihood)
    pts: np.ndarray  # point indices sorted by year
    bounds: np.ndarray  # bound indices
    ref: np.ndarray  # for each bound, the point it is conditioned on (increment families)
    sign: np.ndarray  # +1 lower bound, -1 upper bound

    @property
    def has_ma(self) -> bool:
        """Whether an interior point carries observation noise (correlated increments)."""
        return bool(np.any(self.tau[self.pts[1:-1]] > 0))


def prepare(series: Series, scale: Scale, anchor_year: float) -> Prepared:
    """Put a series on a scale and precompute the index sets of the likelihood."""
    point = series.censor == 0
    x = series.years - anchor_year
    pts = np.flatnonzero(point)
    pts = pts[np.argsort(x[pts], kind="stable")]
    bounds = np.flatnonzero(~point)
    pos = np.searchsorted(x[pts], x[bounds], side="right") - 1
    jac = np.where(point, scale.log_jacobian(series.values), 0.0)
    return Prepared(x=x, z=scale.forward(series.values),
                    tau=scale.noise_sd(series.values, series.rel_sd), censor=series.censor,
                    jac=jac, first=int(pts[0]), pts=pts, bounds=bounds,
                    ref=pts[np.clip(pos, 0, None)], sign=series.censor[bounds].astype(float))


def _censored(z: np.ndarray, mean: np.ndarray, var: np.ndarray, sign: np.ndarray) -> float:
    """Sum of ``log Phi(sign (mean - z) / sd)`` over bounds."""
    sd = np.sqrt(np.maximum(var, _VAR_FLOOR))
    return float(special.log_ndtr(sign * (mean - z) / sd).sum())


def _trend_loglik(model: GrowthModel, theta: np.ndarray, prep: Prepared,
                  ctx: FitContext, conditional: bool) -> float:
    mean = model.mean(theta[None, :], prep.x, ctx)[0]
    var = np.exp(2.0 * theta[-1]) + prep.tau**2
    pts = prep.pts[1:] if conditional else prep.pts
    u2 = (prep.z[pts] - mean[pts]) ** 2 / var[pts]
    total = float(-0.5 * (u2.sum() + np.log(var[pts]).sum() + pts.size * _LOG_2PI)
                  + prep.jac[pts].sum())
    if prep.bounds.size:
        b = prep.bounds
        total += _censored(prep.z[b], mean[b], var[b], prep.sign)
    return total


def _increment_loglik(model: GrowthModel, theta: np.ndarray, prep: Prepared,
                      ctx: FitContext) -> float:
    sigma2 = np.exp(2.0 * theta[-1])
    mean = model.mean(theta[None, :], prep.x, ctx)[0]
    pts = prep.pts
    total = 0.0
    if pts.size > 1:
        d = np.diff(prep.z[pts] - mean[pts])
        tau2 = prep.tau[pts] ** 2
        diag = sigma2 * np.diff(prep.x[pts]) + tau2[:-1] + tau2[1:] + _VAR_FLOOR
        if prep.has_ma:
            off = -tau2[1:-1]
            chol = np.linalg.cholesky(np.diag(diag) + np.diag(off, 1) + np.diag(off, -1))
            white = np.linalg.solve(chol, d)
            quad, logdet = float(white @ white), 2.0 * float(np.log(np.diag(chol)).sum())
        else:
            quad, logdet = float((d * d / diag).sum()), float(np.log(diag).sum())
        total = -0.5 * (quad + logdet + d.size * _LOG_2PI) + float(prep.jac[pts[1:]].sum())
    if prep.bounds.size:
        b, ref = prep.bounds, prep.ref
        bvar = sigma2 * np.abs(prep.x[b] - prep.x[ref]) + prep.tau[ref] ** 2 + prep.tau[b] ** 2
        total += _censored(prep.z[b], prep.z[ref] + mean[b] - mean[ref], bvar, prep.sign)
    return total


def log_likelihood(model: GrowthModel, theta: np.ndarray, prep: Prepared,
                   ctx: FitContext, *, conditional: bool = True) -> float:
    """Log likelihood in published units.

    With ``conditional=True`` (for model comparison) the first point is left out; an
    increment family is always conditional on it (its level has no density).
    """
    if model.structure == "trend":
        return _trend_loglik(model, theta, prep, ctx, conditional)
    return _increment_loglik(model, theta, prep, ctx)


def _objective(model: GrowthModel, prep: Prepared, ctx: FitContext):  # type: ignore[no-untyped-def]
    """Negative log posterior with the restricted (REML-type) ``sigma`` correction.

    ``+ min(k_mean, n) log sigma`` makes the mode of ``sigma`` the one of its marginal
    posterior (``RSS / (n - k_mean)`` in the Gaussian case) instead of the joint mode
    (``RSS / n``), which is far too small with 3-8 points.
    """
    n_terms = prep.pts.size - (1 if model.structure == "increment" else 0)
    reml = float(min(model.n_params - 1, max(n_terms, 0)))

    def neg_log_post(theta: np.ndarray) -> float:
        try:
            value = -(log_likelihood(model, theta, prep, ctx, conditional=False)
                      + model.log_prior(theta, ctx) + reml * theta[-1])
        except np.linalg.LinAlgError:
            return _BAD
        return value if np.isfinite(value) else _BAD
    return neg_log_post


def _grad_hess(fun, theta: np.ndarray, f0: float,  # type: ignore[no-untyped-def]
               step: float = 1e-4) -> tuple[np.ndarray, np.ndarray]:
    """Central-difference gradient and Hessian (``1 + 2k + 2k(k-1)`` evaluations)."""
    k = theta.size
    eye = np.eye(k) * step
    plus = np.array([fun(theta + e) for e in eye])
    minus = np.array([fun(theta - e) for e in eye])
    grad = (plus - minus) / (2.0 * step)
    hess = np.diag((plus - 2.0 * f0 + minus) / step**2)
    for i in range(k):
        for j in range(i + 1, k):
            val = (fun(theta + eye[i] + eye[j]) - fun(theta + eye[i] - eye[j])
                   - fun(theta - eye[i] + eye[j]) + fun(theta - eye[i] - eye[j])) \
                / (4.0 * step**2)
            hess[i, j] = hess[j, i] = val
    return grad, hess


def _laplace_cov(hess: np.ndarray) -> tuple[np.ndarray, bool]:
    """Inverse Hessian; eigenvalues floored when it is not positive definite."""
    hess = 0.5 * (hess + hess.T)
    vals, vecs = np.linalg.eigh(hess)
    ok = bool(np.all(vals > 1e-8))
    vals = np.maximum(vals, 1e-2)
    return (vecs / vals) @ vecs.T, ok


def _newton(fun, x0: np.ndarray, max_iter: int = 60) -> tuple[np.ndarray, float, float]:  # type: ignore[no-untyped-def]
    """Damped Newton with a saddle-free step (|eigenvalues|) and backtracking.

    Returns the point, its objective and the final Newton decrement ``g' H^-1 g``.
    """
    x, f = np.asarray(x0, dtype=float), fun(x0)
    decrement = np.inf
    for _ in range(max_iter):
        grad, hess = _grad_hess(fun, x, f)
        vals, vecs = np.linalg.eigh(0.5 * (hess + hess.T))
        vals = np.maximum(np.abs(vals), 1e-6 * max(1.0, float(np.abs(vals).max())))
        step = -vecs @ ((vecs.T @ grad) / vals)
        decrement = float(-(grad @ step))
        if decrement < 1e-10:
            break
        step *= min(1.0, 3.0 / max(float(np.abs(step).max()), 1e-12))  # trust region
        t = 1.0
        while t > 1e-6:
            trial = fun(x + t * step)
            if trial < f:
                break
            t *= 0.5
        else:
            break
        x, f = x + t * step, trial
    return x, f, decrement


def _optimise(fun, starts: list[np.ndarray]) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    """Newton from each start in turn; stop at the first that converges to a mode."""
    best_x, best_f = starts[0], fun(starts[0])
    for x0 in starts:
        if fun(x0) >= _BAD:
            continue
        x, f, decrement = _newton(fun, x0)
        if decrement >= 1e-8:  # Newton stalled (noisy curvature): simplex, then Newton
            from scipy import optimize  # deferred: ~0.2 s to import, rarely needed

            res = optimize.minimize(fun, x, method="Nelder-Mead",
                                    options={"maxiter": 3000, "xatol": 1e-9, "fatol": 1e-12})
            x2, f2, dec2 = _newton(fun, np.asarray(res.x, dtype=float))
            if f2 <= f:
                x, f, decrement = x2, f2, dec2
        if f < best_f or best_f >= _BAD:
            best_x, best_f = x, f
        if decrement < 1e-8 and f <= best_f:
            break
    return best_x, best_f


def fit_model(model: GrowthModel, series: Series, ctx: FitContext) -> ModelFit | str:
    """Fit one family; return the fit or, if it failed, the reason (a string).

    Warnings raised inside the optimiser are caught and recorded in ``notes`` (they never
    reach the caller, even under ``-W error``). A fit is accepted when the Newton decrement
    ``g' H^-1 g`` at the optimum is below 1e-3; otherwise the reason starts with
    ``ConvergenceWarning`` and the ensemble falls back to the other (simpler) families.
    """
    prep = prepare(series, ctx.scale, ctx.anchor_year)
    fun = _objective(model, prep, ctx)
    pts = prep.pts
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="ignore"):
        warnings.simplefilter("always")
        theta, fval = _optimise(fun, model.starts(prep.x[pts], prep.z[pts], ctx))
        ok = fval < _BAD
        if ok:
            grad, hess = _grad_hess(fun, theta, fval)
            cov, pos_def = _laplace_cov(hess)
            ok = float(grad @ cov @ grad) < 1e-3
    notes = [f"{w.category.__name__}: {w.message}" for w in caught]
    if not ok:
        return (f"{ConvergenceWarning.__name__}: optimiser did not converge "
                f"(objective {fval:.3g}); family dropped")
    if not pos_def:
        notes.append("Hessian not positive definite at the mode; eigenvalues floored")
    share = float("nan")
    if model.growth_index is not None:
        share = float(min(cov[model.growth_index, model.growth_index] / ctx.growth_sd**2, 1.0))
    return ModelFit(model=model, name=model.label(series.kind), ctx=ctx, theta=theta, cov=cov,
                    loglik=log_likelihood(model, theta, prep, ctx), n_cond=series.n_obs - 1,
                    prior_share=share, lower=series.lower, upper=series.upper,
                    notes=tuple(notes))


def make_context(series: Series, scale: Scale, *, growth_mean: float,
                 growth_sd: float) -> FitContext:
    """Anchor, priors and scale of a family for one series.

    ``growth_mean`` / ``growth_sd`` are on the growth scale of the indicator (log, or
    logit for shares); on the identity scale (linear trend) they are converted to a slope
    by ``dy/dz`` at the anchor value, and the ``sigma`` prior likewise.
    """
    point = series.censor == 0
    anchor = float(series.years[point].max())
    at = point & (series.years == anchor)
    y_anchor = float(series.values[at][0])
    rel = float(series.rel_sd[at][0])
    growth_scale = scale_for(series.kind)
    factor = 1.0 if scale.name != "identity" else float(
        np.exp(-growth_scale.log_jacobian(np.array(y_anchor))))
    keep = series.censor >= 0
    later = (series.censor != 0) & (series.years > anchor)
    bound: dict[str, float] = {}
    if later.any():
        last = later & (series.years == series.years[later].max())
        z_b = scale.forward(series.values[last])
        lows, highs = z_b[series.censor[last] > 0], z_b[series.censor[last] < 0]
        bound = {"bound_x": float(series.years[last][0] - anchor),
                 "bound_lo": float(lows.max(initial=-np.inf)),
                 "bound_hi": float(highs.min(initial=np.inf))}
    z_anchor = float(scale.forward(np.array(y_anchor)))
    return FitContext(scale=scale, anchor_year=anchor, z_anchor=z_anchor, y_anchor=y_anchor,
                      tau_anchor=float(scale.noise_sd(np.array(y_anchor), np.array(rel))),
                      y_max=float(series.values[keep].max()), growth_mean=growth_mean * factor,
                      growth_sd=growth_sd * factor, sigma_centre=SIGMA_PRIOR[0] * factor,
                      **bound)
