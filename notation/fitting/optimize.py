"""Minimise the profiled deviance over θ as lme4 does.

Contract: :func:`minimize` runs BOBYQA (nlopt ``LN_BOBYQA``, the optimiser of lme4's default
``nloptwrap``, with its settings ftol_abs = xtol_abs = 1e-8, maxeval = 1e5) from the given start
and initial step (see :mod:`notation.fitting.start`) within the lower bounds, then lme4's finishing
steps: restart once when a parameter sits on its bound but the deviance falls away from it
(``restart_edge``), and try the bound for parameters near it (``check.boundary``, within 1e-5 in
lme4; here within 1e-3, kept only where the deviance is lower there).
It checks convergence as lme4's ``checkConv`` does (finite-difference gradient and Hessian; the
scaled gradient, tol 2e-3; the Hessian's eigenvalues, tol 1e-6: degenerate, singular, very large
eigenvalue, large eigenvalue ratio; nothing after a singular fit) and returns lme4's messages as
warnings. BOBYQA because it is lme4's and
MixedModels.jl's optimiser: derivative-free, bounded, few evaluations on smooth deviances.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nlopt
import numpy as np

from notation.errors import FitError

__all__ = ["Optimum", "convergence_warnings", "minimize"]

Objective = Callable[[np.ndarray], float]

# lme4's check.boundary tries the bound for parameters within 1e-5 of it; on a flat deviance BOBYQA
# stops up to ~1e-3 short of a boundary optimum (lme4 too), so the bound is tried that far
_BOUNDARY_TOL = 1e-3
_EDGE_STEP = 1e-5
_GRAD_TOL = 2e-3
_HESS_TOL = 1e-6
_SINGULAR_TOL = 1e-4  # lme4's check.conv.singular tol, as isSingular
_DERIV_STEP = 1e-4
_CORNERS = ((1, 1), (1, -1), (-1, 1), (-1, -1))


@dataclass(frozen=True)
class Optimum:
    theta: np.ndarray
    deviance: float
    warnings: tuple[str, ...]


def minimize(objective: Objective, start: np.ndarray, lower: np.ndarray, step: np.ndarray) -> Optimum:
    """BOBYQA plus lme4's boundary handling; see the module docstring. The optimiser's own messages
    are the warnings; :func:`convergence_warnings` checks the optimum (in the θ lme4 would see)."""
    warnings: list[str] = []
    theta, value = _bobyqa(objective, start, lower, step, warnings)
    if _falls_off_edge(objective, theta, value, lower):
        theta, value = _bobyqa(objective, theta, lower, step, warnings)
    theta, value = _check_boundary(objective, theta, value, lower)
    return Optimum(theta, value, tuple(warnings))


def _bobyqa(objective: Objective, start: np.ndarray, lower: np.ndarray, step: np.ndarray,
            warnings: list[str]) -> tuple[np.ndarray, float]:
    best: list[tuple[float, np.ndarray]] = []

    def tracked(x: np.ndarray, grad: np.ndarray) -> float:
        value = objective(x)
        if not best or value < best[0][0]:
            best[:] = [(value, x.copy())]
        return value if math.isfinite(value) else 1e300

    opt = nlopt.opt(nlopt.LN_BOBYQA, len(start))
    opt.set_min_objective(tracked)
    opt.set_lower_bounds(lower.tolist())
    opt.set_ftol_abs(1e-8)
    opt.set_xtol_abs(1e-8)
    opt.set_maxeval(100_000)
    opt.set_initial_step(step.tolist())
    try:
        theta = np.asarray(opt.optimize(np.maximum(start, lower).tolist()))
        code = opt.last_optimize_result()
    except (nlopt.RoundoffLimited, RuntimeError, ValueError) as exc:
        if not best:
            raise FitError(f"the optimiser failed: {exc}") from None
        warnings.append(f"optimiser stopped early ({type(exc).__name__}); using the best point found")
        return best[0][1], best[0][0]
    if code == nlopt.MAXEVAL_REACHED:
        warnings.append("convergence code 5 from nloptwrap: NLOPT_MAXEVAL_REACHED: "
                        "Optimization stopped because maxeval (above) was reached.")
    value = opt.last_optimum_value()
    if best and best[0][0] < value:
        value, theta = best[0]
    if not best or not math.isfinite(best[0][0]):
        raise FitError("the deviance is not finite anywhere the optimiser looked",
                       hint="check the data for a response that is fully explained by the fixed effects")
    return theta, float(value)


def _falls_off_edge(objective: Objective, theta: np.ndarray, value: float, lower: np.ndarray) -> bool:
    """lme4's restart_edge: does the deviance decrease when a bound parameter moves inside?"""
    for i in np.flatnonzero(theta == lower):
        moved = theta.copy()
        moved[i] = lower[i] + _EDGE_STEP
        if objective(moved) < value:
            return True
    return False


def _check_boundary(objective: Objective, theta: np.ndarray, value: float, lower: np.ndarray
                    ) -> tuple[np.ndarray, float]:
    """lme4's check.boundary: parameters near their bound are tried on it, kept where it is lower."""
    gap = theta - lower
    for i in np.flatnonzero((gap > 0) & (gap < _BOUNDARY_TOL)):
        moved = theta.copy()
        moved[i] = lower[i]
        moved_value = objective(moved)
        if moved_value < value:
            theta, value = moved, moved_value
    return theta, value


def convergence_warnings(objective: Objective, theta: np.ndarray, value: float, lower: np.ndarray
                         ) -> list[str]:
    """lme4's ``checkConv`` (lme4 1.1-31), message for message; none after a singular fit, as lme4.

    Derivatives are ``deriv12``'s: central differences with step 1e-4 in every θ (the deviance is
    even in a diagonal θ, so a step below its bound is defined), the Hessian from four-point
    differences. Then the scaled gradient (tol 2e-3) and ``checkHess`` (eigenvalues, tol 1e-6).
    """
    if np.any(theta[lower == 0] < _SINGULAR_TOL):
        return []  # lme4 reports the singular fit and checks nothing else
    gradient, hessian = _derivatives(objective, theta, value)
    if np.any(np.isnan(gradient)):
        return ["Gradient contains NAs"]
    return _gradient_messages(gradient, hessian) + _hessian_messages(hessian)


def _derivatives(objective: Objective, theta: np.ndarray, value: float) -> tuple[np.ndarray, np.ndarray]:
    h = _DERIV_STEP
    n = theta.size
    up = np.array([objective(_moved(theta, {i: h})) for i in range(n)])
    down = np.array([objective(_moved(theta, {i: -h})) for i in range(n)])
    gradient = (up - down) / (2 * h)
    hessian = np.diag((up - 2 * value + down) / h**2)
    for j in range(n):
        for i in range(j):
            corners = [objective(_moved(theta, {i: a * h, j: b * h})) for a, b in _CORNERS]
            hessian[i, j] = hessian[j, i] = (corners[0] - corners[1] - corners[2] + corners[3]) / (2 * h) ** 2
    return gradient, hessian


def _gradient_messages(gradient: np.ndarray, hessian: np.ndarray) -> list[str]:
    try:
        if not np.all(np.isfinite(hessian)):
            raise np.linalg.LinAlgError
        scaled = np.linalg.solve(np.linalg.cholesky(hessian).T, gradient)
    except np.linalg.LinAlgError:
        return ["unable to evaluate scaled gradient"]
    if np.any(np.isnan(scaled)):
        return ["unable to evaluate scaled gradient"]
    worst = float(np.max(np.minimum(np.abs(scaled), np.abs(gradient))))
    if worst > _GRAD_TOL:
        # lme4 names which.max() of the maximum, a scalar: always component 1
        return [f"Model failed to converge with max|grad| = {worst:g} (tol = {_GRAD_TOL:g}, "
                "component 1)"]
    return []


def _hessian_messages(hessian: np.ndarray) -> list[str]:
    """lme4's ``checkHess``."""
    if not np.all(np.isfinite(hessian)):
        return ["Problem with Hessian check (infinite or missing values?)"]
    values = np.linalg.eigvalsh(hessian)
    negative = int(np.sum(values < -_HESS_TOL))
    if negative:
        return [f"Model failed to converge: degenerate  Hessian with {negative} negative eigenvalues"]
    try:
        np.linalg.cholesky(hessian)
        factored = True
    except np.linalg.LinAlgError:
        factored = False
    if np.any(np.abs(values) < _HESS_TOL) or not factored:
        return ["Hessian is numerically singular: parameters are not uniquely determined"]
    messages = []
    if values.max() * _HESS_TOL > 1:
        messages.append("Model is nearly unidentifiable: very large eigenvalue\n - Rescale variables?")
    if values.min() / values.max() < _HESS_TOL:
        messages.append("Model is nearly unidentifiable: large eigenvalue ratio\n - Rescale variables?")
    return messages


def _moved(theta: np.ndarray, steps: dict[Any, float]) -> np.ndarray:
    moved = theta.copy()
    for i, h in steps.items():
        moved[i] += h
    return moved
