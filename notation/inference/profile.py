"""Profile-likelihood confidence intervals, as lme4's ``confint(fit, method = "profile")``.

Contract: :func:`profile_confint` returns the table of :func:`~notation.inference.wald.wald_confint`
(lme4's ``oldNames = FALSE`` rows, one column per end) with the ends where the signed root of the
ML deviance increase, ζ(x) = sign(x − x̂)·√(D(x) − D̂), equals ∓z. As lme4's ``profile.merMod``:
a REML fit is refitted by ML first; a variance parameter x (sd, cor or σ) is fixed and D minimised
over the others on that scale (D(θ, σ) = log|L|² + r²/σ² + n log 2πσ², β profiled out); a fixed
effect βⱼ is fixed by moving xⱼβⱼ into the response and D minimised over θ (σ profiled out). Where
ζ does not reach z before a parameter's bound (an sd at 0, a correlation at ±1) the bound is the end.

:func:`profile_curves` tabulates ζ itself, as lme4's ``profile(fit)``, for the ζ plots of
``xyplot(profile(fit))``: per parameter, the estimate and points out to the ends at ``level`` on each side.

Where lme4 tabulates ζ on a grid and inverts a spline through it, the ends here are solved for
directly (secant steps to bracket the root, then false position), so each end costs a handful of
profiled optimisations. The fixed-effect profiles use the Gram blocks only: dropping column j of X
and moving it into y is a linear map of the [X y] columns, applied to the blocks (no rows are read).
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace
from typing import Any

import nlopt
import numpy as np
import pandas as pd
from scipy import stats

from notation.errors import FitError
from notation.fitting import FitResult, ProfiledDeviance, fit_problem, one_blas_thread
from notation.inference.parameters import from_sdcor, is_correlation, sdcor_bounds, to_sdcor, varpar_names
from notation.inference.wald import check_level, interval_columns

__all__ = ["bobyqa", "profile_confint", "profile_curves"]

Progress = Callable[[str], None]

_ZETA_TOL = 1e-4  # |ζ − target| at an accepted end: far inside lme4's spline error
_MAX_STEPS = 60
_PARALLEL_SIZE = 500


def profile_confint(result: FitResult, level: float = 0.95, progress: Progress | None = None,
                    workers: int | None = None) -> pd.DataFrame:
    """``workers``: processes profiling parameters side by side (default: all cores for models with
    more than 500 random effects; one for smaller ones, where forking costs more than it saves)."""
    level = check_level(level)
    z = float(stats.norm.ppf((1.0 + level) / 2.0))
    with one_blas_thread():
        ml = result if not result.reml else fit_problem(result.problem, reml=False)
    names = varpar_names(ml) + list(ml.problem.fixed_names)
    _ml_deviance(ml)  # before any fork
    if workers is None:
        workers = (os.cpu_count() or 1) if sum(t.size for t in ml.problem.terms) > _PARALLEL_SIZE else 1
    workers = min(workers, len(names))
    ends: list[tuple[float, float]] = [(math.nan, math.nan)] * len(names)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        if len(ml.theta):
            with one_blas_thread():
                _VarparProfile(ml, 0)  # the shared covariance, once, before the workers inherit it
        _STATE["fit"] = ml  # forked workers inherit the ML fit: nothing is pickled
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_interval, None, k, z): k for k in range(len(names))}
            for done, future in enumerate(as_completed(futures)):
                ends[futures[future]] = future.result()
                if progress is not None:
                    progress(f"profiled {names[futures[future]]} ({done + 1}/{len(names)})")
        _STATE.clear()
    else:
        for k, name in enumerate(names):
            if progress is not None:
                progress(f"profiling {name} ({k + 1}/{len(names)})")
            ends[k] = _interval(ml, k, z)
    _DEVIANCE.clear()
    low, high = interval_columns(level)
    table = np.array(ends, dtype=np.float64).reshape(len(names), 2)
    return pd.DataFrame({low: table[:, 0], high: table[:, 1]}, index=pd.Index(names))


_STATE: dict[str, FitResult] = {}
# The ML fit's profiled deviance, built once per profile (its cross pattern costs ~0.4 s on InstEval)
# and inherited by forked workers; the fixed-effect profiles re-lay its pattern out for their problems.
_DEVIANCE: list[tuple[FitResult, dict[str, Any]]] = []  # the fit is held: its id cannot be reused


def _ml_cache(ml: FitResult) -> dict[str, Any]:
    """What every profile of ``ml`` shares: its deviance and the variance parameters' covariance."""
    if not _DEVIANCE or _DEVIANCE[0][0] is not ml:
        _DEVIANCE[:] = [(ml, {"deviance": ProfiledDeviance(ml.problem.statistics, reml=False)})]
    return _DEVIANCE[0][1]


def _ml_deviance(ml: FitResult) -> ProfiledDeviance:
    return _ml_cache(ml)["deviance"]


def profile_curves(result: FitResult, level: float = 0.99, points: int = 6) -> pd.DataFrame:
    """ζ of every parameter (lme4's ``oldNames = FALSE`` names, in :func:`profile_confint`'s order) at
    ``points`` values on each side of the estimate, evenly out to the end at ``level``: a long table
    with columns parameter, value, zeta (ζ = 0 at the estimate). A side that reaches a bound (an sd at
    0, a correlation at ±1) ends at the bound; one whose ζ never gets there (a correlation whose
    deviance is not finite near ±1) ends at the farthest value profiled."""
    level = check_level(level)
    z = float(stats.norm.ppf((1.0 + level) / 2.0))
    records: list[tuple[str, float, float]] = []
    with one_blas_thread():
        ml = result if not result.reml else fit_problem(result.problem, reml=False)
        names = varpar_names(ml) + list(ml.problem.fixed_names)
        nvar = len(ml.theta) + 1
        for k, name in enumerate(names):
            profile: _Profile = _VarparProfile(ml, k) if k < nvar else _FixedProfile(ml, k - nvar)
            scale = 1.0
            if isinstance(profile, _VarparProfile) and not profile.correlation[profile.which]:
                scale = profile.y_scale  # sd's and σ are profiled on the standardised response's scale
            ends = (_reach(profile, -z, -1.0), _reach(profile, z, 1.0))
            values = [*np.linspace(ends[0], profile.estimate, points + 1)[:-1], profile.estimate,
                      *np.linspace(profile.estimate, ends[1], points + 1)[1:]]
            for value in dict.fromkeys(float(v) for v in values):
                zeta = 0.0 if value == profile.estimate else profile.zeta(value)
                if math.isfinite(zeta):
                    records.append((name, value * scale, zeta))
    return pd.DataFrame(records, columns=["parameter", "value", "zeta"])


def _reach(profile: _Profile, target: float, direction: float) -> float:
    """Where ζ = target on one side, or the farthest value profiled there when it is not reached."""
    try:
        return profile._end(target, direction)
    except FitError:
        # the way towards the bound, in shrinking steps: the farthest value whose ζ is finite
        bound = profile.upper if direction > 0 else profile.lower
        span = bound - profile.estimate if math.isfinite(bound) else direction * 10.0 * profile.unit
        for share in (0.999, 0.99, 0.97, 0.93, 0.85, 0.7, 0.5, 0.25):
            value = profile.estimate + share * span
            if math.isfinite(profile.zeta(value)):
                return value
        return profile.estimate


def _interval(ml: FitResult | None, k: int, z: float) -> tuple[float, float]:
    """The two ends for parameter k (variance parameters first, then the fixed effects)."""
    fit = ml if ml is not None else _STATE["fit"]
    nvar = len(fit.theta) + 1
    with one_blas_thread():
        profile = _VarparProfile(fit, k) if k < nvar else _FixedProfile(fit, k - nvar)
        return profile.interval(z)


class _Profile:
    """ζ along one parameter; subclasses give the deviance minimised over the others at a value."""

    estimate: float
    lower: float
    upper: float
    base: float
    unit = 1.0  # the parameter's typical size: the bracket's resolution is relative to it

    def deviance_at(self, value: float) -> float:
        raise NotImplementedError

    def zeta(self, value: float) -> float:
        gap = self.deviance_at(value) - self.base
        if not math.isfinite(gap):
            return math.nan
        # lme4 clamps small negative gaps (an optimiser a little short of the optimum) to 0
        return math.copysign(math.sqrt(max(gap, 0.0)), value - self.estimate)

    def first_step(self, z: float) -> float:
        raise NotImplementedError

    def interval(self, z: float) -> tuple[float, float]:
        return self._end(-z, -1.0), self._end(z, 1.0)

    def _end(self, target: float, direction: float) -> float:
        """The value where ζ = target on one side of the estimate; the bound when ζ never gets there."""
        bound = self.upper if direction > 0 else self.lower
        if self.estimate == bound:
            return bound
        a, za = self.estimate, 0.0
        b = self._clip(self.estimate + direction * self.first_step(abs(target)), bound)
        zb = self.zeta(b)
        for _ in range(_MAX_STEPS):  # secant steps until the root is bracketed
            if not math.isfinite(zb):
                b = (a + b) / 2.0  # pulled back towards the last good point
                zb = self.zeta(b)
                continue
            if (zb - target) * direction >= 0:
                return self._bracketed(a, za, b, zb, target)
            if b == bound:
                return bound
            slope = (zb - za) / (b - a)
            step = (target - zb) / slope if slope * direction > 0 else 2.0 * (b - a)
            step = math.copysign(min(abs(step) * 1.1, 10.0 * abs(b - a)), direction)  # overshoot a little
            a, za = b, zb
            b = self._clip(b + step, bound)
            zb = self.zeta(b)
        raise FitError("the likelihood profile did not reach the confidence level",
                       hint="the model may be unidentified; compare the Wald intervals")

    def _bracketed(self, a: float, za: float, b: float, zb: float, target: float) -> float:
        """False position (Illinois) between a and b, ζ(a) − target and ζ(b) − target of opposite sign."""
        fa, fb = za - target, zb - target
        side = 0
        for _ in range(_MAX_STEPS):
            c = b - fb * (b - a) / (fb - fa)
            fc = self.zeta(c) - target
            if abs(fc) < _ZETA_TOL or abs(b - a) < 1e-12 * max(self.unit, abs(c)):
                return c
            if fc * fb < 0:
                a, fa = b, fb
                side = 0
            else:
                fa = fa / 2.0 if side == 1 else fa  # Illinois: halve the stale end's value
                side = 1
            b, fb = c, fc
        return b

    def _clip(self, value: float, bound: float) -> float:
        return min(value, bound) if bound >= self.estimate else max(value, bound)


class _VarparProfile(_Profile):
    """An sd, correlation or σ fixed; the other variance parameters optimised, β profiled out.

    Profiled on the standardised response's scale (sd's and σ divided by s, the factor's r̃²
    as it is, the deviance moved by 2n·log s to the data's): the steps, bounds and tolerances are
    then those of a response of unit size whatever y's; :meth:`interval` maps the ends back.
    """

    def __init__(self, ml: FitResult, which: int) -> None:
        self.ml = ml
        self.deviance = _ml_deviance(ml)
        self.work = self.deviance.workspace()
        self.sizes = [t.q for t in ml.problem.terms]
        self.nobs = ml.nobs
        self.which = which
        scaling = ml.problem.statistics.scaling
        self.y_scale = scaling.y_scale
        self.offset = scaling.criterion(0.0, ml.nobs, reml=False)  # 2n·log s
        self.optimum = to_sdcor(self.sizes, ml.theta, ml.estimates.working_sigma)
        self.estimate = float(self.optimum[which])
        lower, upper = sdcor_bounds(ml)
        self.lower, self.upper = float(lower[which]), float(upper[which])
        self.others = np.delete(np.arange(len(self.optimum)), which)
        self.other_lower, self.other_upper = lower[self.others], upper[self.others]
        self.correlation = is_correlation(ml)
        self.base = ml.criterion
        self.starts: list[tuple[float, np.ndarray]] = [(self.estimate, self.optimum[self.others])]
        self.quadratic = self._quadratic()

    def _quadratic(self) -> tuple[float, np.ndarray, np.ndarray] | None:
        """From the Hessian H of D at the optimum: Var = (H/2)⁻¹ of this parameter, the others'
        conditional slope on it and their scales — ζ ≈ Δ/√Var and the others' optimum moves by
        slope·Δ, which give the first step and the inner starts. None on a boundary."""
        covariance = self._covariance()
        if covariance is None:
            return None
        variance = covariance[self.which, self.which]
        if not variance > 0 or np.any(np.diag(covariance) <= 0):
            return None
        slope = covariance[self.others, self.which] / variance
        return float(variance), slope, np.sqrt(np.diag(covariance)[self.others])

    def _covariance(self) -> np.ndarray | None:
        """(H/2)⁻¹ of all the variance parameters: the same for every one profiled, so computed once
        per fit (k(k+1)/2 four-point differences) and kept with the fit's deviance."""
        cached = _ml_cache(self.ml)
        if "covariance" not in cached:
            cached["covariance"] = self._hessian_covariance()
        return cached["covariance"]

    def _hessian_covariance(self) -> np.ndarray | None:
        x = self.optimum
        lower, upper = self.full(self.lower, self.other_lower), self.full(self.upper, self.other_upper)
        h = np.where(self.correlation, 1e-4, 1e-4 * np.maximum(np.abs(x), 1e-2 * x[-1]))
        if np.any(x - 2 * h <= lower) or np.any(x + 2 * h >= upper):
            return None
        k = len(x)
        f0 = self.varpar_deviance(x)
        hessian = np.empty((k, k))
        for i in range(k):
            for j in range(i + 1):
                ei, ej = np.eye(k)[i] * h[i], np.eye(k)[j] * h[j]
                d = self.varpar_deviance
                corners = d(x + ei + ej) - d(x + ei - ej) - d(x - ei + ej) + d(x - ei - ej)
                hessian[i, j] = hessian[j, i] = corners / (4 * h[i] * h[j])
        if not np.all(np.isfinite(hessian)) or abs(f0 - self.base) > 1e-6 * max(1.0, abs(self.base)):
            return None
        try:
            return 2.0 * np.linalg.inv(hessian)
        except np.linalg.LinAlgError:
            return None

    def interval(self, z: float) -> tuple[float, float]:
        low, high = super().interval(z)
        scale = 1.0 if self.correlation[self.which] else self.y_scale
        return low * scale, high * scale

    def first_step(self, z: float) -> float:
        if self.quadratic is not None:
            return z * math.sqrt(self.quadratic[0])
        if self.correlation[self.which]:
            return 0.1
        return 0.1 * self.estimate if self.estimate > 0 else 0.05 * self.optimum[-1]

    def full(self, value: float, others: np.ndarray) -> np.ndarray:
        values = np.empty(len(self.optimum))
        values[self.which] = value
        values[self.others] = others
        return values

    def varpar_deviance(self, values: np.ndarray) -> float:
        """D(θ, σ) at sd/cor/σ ``values`` (σ̃'s scale): lme4's ``devfun2``, of the data."""
        mapped = from_sdcor(self.sizes, values)
        if mapped is None:
            return math.inf
        theta, sigma = mapped
        factor = self.deviance.factorize(theta, self.work)
        if not factor.ok:
            return math.inf
        return (factor.logdet_random() + factor.pwrss() / sigma**2
                + self.nobs * math.log(2.0 * math.pi * sigma**2) + self.offset)

    def deviance_at(self, value: float) -> float:
        near, start = min(self.starts, key=lambda s: abs(s[0] - value))
        if len(self.others) == 0:
            return self.varpar_deviance(self.full(value, start))
        if self.quadratic is not None:  # the others' optimum moves along the quadratic's slope
            start = np.clip(start + (value - near) * self.quadratic[1], self.other_lower, self.other_upper)
            steps = 0.1 * self.quadratic[2]
        else:
            corr = self.correlation[self.others]
            steps = np.where(corr, 0.05, np.maximum(0.1 * np.abs(start), 0.01 * self.optimum[-1]))
        best, others = bobyqa(lambda x: self.varpar_deviance(self.full(value, x)), start,
                              self.other_lower, self.other_upper, steps)
        self.starts.append((value, others))
        return best


class _FixedProfile(_Profile):
    """βⱼ fixed: xⱼβⱼ moved into the response, the ML deviance minimised over θ (σ profiled out)."""

    def __init__(self, ml: FitResult, j: int) -> None:
        self.ml = ml
        self.j = j
        self.estimate = float(ml.estimates.beta[j])
        self.se = float(math.sqrt(ml.estimates.vcov[j, j]))
        self.unit = self.se
        self.lower, self.upper = -math.inf, math.inf
        self.base = ml.criterion
        self.pattern = _ml_deviance(ml).pattern
        self.theta_lower = _ml_deviance(ml).layout.lower_bounds()
        self.starts: list[tuple[float, np.ndarray]] = [(self.estimate, ml.theta)]

    def first_step(self, z: float) -> float:
        return z * self.se  # ζ is close to (βⱼ − β̂ⱼ)/SE (the ML fit's): the first step lands near ζ = z

    def deviance_at(self, value: float) -> float:
        moved = _moved_into_response(self.ml.problem.statistics, self.j, value)
        deviance = ProfiledDeviance(moved, reml=False, pattern=self.pattern)
        ordered = sorted(self.starts, key=lambda s: abs(s[0] - value))
        start = ordered[0][1]
        if len(ordered) > 1 and ordered[0][0] != ordered[1][0]:  # θ̂(βⱼ) extrapolated from the two nearest
            (x0, t0), (x1, t1) = ordered[0], ordered[1]
            start = np.maximum(t0 + (value - x0) * (t0 - t1) / (x0 - x1), self.theta_lower)
        upper = np.full(len(start), np.inf)
        best, theta = bobyqa(deviance, start, self.theta_lower, upper,
                             np.maximum(0.02 * np.abs(start), 0.01))
        self.starts.append((value, theta))
        return best


def _moved_into_response(statistics: Any, j: int, value: float) -> Any:
    """The Statistics of the model without column j of X and with response y − xⱼ·value.

    The Gram blocks are of standardised [X y]: their [X y] columns are multiplied by the R of
    ``statistics.scaling.fixing`` (the kept columns, and the moved response standardised as the
    fit's was), and the new standardisation gives the criterion of the data; ZᵀZ and the term
    shapes are unchanged.
    """
    gram = statistics.gram
    M, scaling = statistics.scaling.fixing(j, value)
    moved = replace(gram, first_tail=np.einsum("qcm,cd->qdm", gram.first_tail, M),
                    later_tail=gram.later_tail @ M, tail=M.T @ gram.tail @ M)
    names = tuple(n for c, n in enumerate(statistics.fixed_names) if c != j)
    return replace(statistics, gram=moved, fixed_names=names, standardization=scaling)


def bobyqa(objective: Callable[[np.ndarray], float], start: np.ndarray, lower: np.ndarray,
           upper: np.ndarray, step: np.ndarray, tol: float = 1e-9) -> tuple[float, np.ndarray]:
    """min of ``objective`` from ``start`` within the bounds; ``tol``: BOBYQA's ftol_abs and xtol_abs
    (lme4's nloptwrap uses 1e-8; the profile asks for more, as ζ is a root of a small difference)."""
    best: list[tuple[float, np.ndarray]] = []

    def tracked(x: np.ndarray, grad: np.ndarray) -> float:
        value = objective(x)
        if math.isfinite(value) and (not best or value < best[0][0]):
            best[:] = [(value, x.copy())]
        return value if math.isfinite(value) else 1e300

    opt = nlopt.opt(nlopt.LN_BOBYQA, len(start))
    opt.set_min_objective(tracked)
    opt.set_lower_bounds(lower.tolist())
    opt.set_upper_bounds(upper.tolist())
    opt.set_ftol_abs(tol)
    opt.set_xtol_abs(tol)
    opt.set_maxeval(100_000)
    x0 = np.clip(start, lower, upper)
    room = np.minimum(upper - x0, x0 - lower)
    # BOBYQA's first steps must stay inside the bounds: a parameter on its bound steps inward
    steps = np.where(room > 0, np.minimum(step, np.where(np.isfinite(room), room, np.inf)), step)
    opt.set_initial_step(np.maximum(steps, 1e-6).tolist())
    with contextlib.suppress(nlopt.RoundoffLimited, RuntimeError, ValueError):
        opt.optimize(x0.tolist())  # on failure the best point seen is kept
    if not best:
        return math.inf, start
    return best[0][0], best[0][1]
