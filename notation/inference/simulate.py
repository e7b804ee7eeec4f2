"""New responses from a fitted model, as lme4's ``simulate.merMod``.

Contract: :func:`simulate` draws ``nsim`` responses (rows × nsim) for the rows of a fit problem from
β, θ and σ: y* = Xβ + offset + σ(ZΛu + ε), u, ε ~ N(0, I) (lme4's default ``re.form = NA``); with
``conditional=True`` the random effects are the fit's conditional modes, y* = Xβ + offset + Zb̂ + σε
(lme4's ``re.form = NULL``, ``use.u = TRUE``). :func:`simulate_fit` reads β, θ, σ from a fit. Draws
come from NumPy's PCG64 seeded by ``seed`` (one stream per replicate, so a replicate's numbers do not
depend on how many are drawn or on which core); they are not R's numbers, only their distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from notation.errors import DataError
from notation.fitting import FitResult

__all__ = ["replicate_streams", "simulate", "simulate_estimates", "simulate_fit", "theta_factors"]


def replicate_streams(seed: int | None, nsim: int) -> list[np.random.Generator]:
    return [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(nsim)]


def simulate(problem: Any, beta: np.ndarray, factors: Sequence[np.ndarray], sigma: float, nsim: int = 1,
             seed: int | None = None, effects: Sequence[np.ndarray] | None = None,
             streams: Sequence[np.random.Generator] | None = None) -> np.ndarray:
    """``problem`` a FitProblem with rows; ``factors`` the T_k of θ; ``effects`` b̂_k for a
    conditional simulation."""
    rows = problem.require_rows("simulating responses")
    if nsim < 1:
        raise DataError(f"the number of simulations must be at least 1, got {nsim}")
    mean = rows.X @ np.asarray(beta, dtype=np.float64) + rows.population()
    if effects is not None:
        for term, b in zip(rows.terms, effects, strict=True):
            mean = mean + term.contributions(b)
    streams = list(streams) if streams is not None else replicate_streams(seed, nsim)
    out = np.empty((len(mean), nsim))
    for k, rng in enumerate(streams):
        y = mean + sigma * rng.standard_normal(len(mean))
        if effects is None:
            for term, T in zip(rows.terms, factors, strict=True):
                u = rng.standard_normal((term.shape.nlevels, term.shape.q))
                y = y + sigma * term.contributions(u @ T.T)
        out[:, k] = y
    return out


def simulate_fit(result: FitResult, nsim: int = 1, seed: int | None = None, conditional: bool = False
                 ) -> np.ndarray:
    effects = result.estimates.effects if conditional else None
    return simulate(result.problem, result.estimates.beta, result.factors, result.sigma, nsim, seed, effects)


def simulate_estimates(problem: Any, estimates: dict[str, Any], nsim: int = 1, seed: int | None = None
                       ) -> np.ndarray:
    """Responses for ``problem``'s rows from a fit JSON's ``fixef``, ``theta`` and ``sigma``."""
    try:
        fixef, theta, sigma = estimates["fixef"], estimates["theta"], float(estimates["sigma"])
        beta = np.array([float(fixef[name]) for name in problem.fixed_names])
        theta = np.asarray(theta, dtype=np.float64)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"the estimates do not fit this model: {exc}",
                        hint="give the JSON `notation fit` printed for the same SPEC and data") from None
    sizes = [t.q for t in problem.terms]
    if len(theta) != sum(q * (q + 1) // 2 for q in sizes):
        raise DataError(f"the estimates have {len(theta)} θ values, the model's random effects need "
                        f"{sum(q * (q + 1) // 2 for q in sizes)}",
                        hint="give the JSON `notation fit` printed for the same SPEC and data")
    return simulate(problem, beta, theta_factors(sizes, theta), sigma, nsim, seed)


def theta_factors(sizes: Sequence[int], theta: np.ndarray) -> list[np.ndarray]:
    """T_k from θ (per term, the column-wise lower triangle)."""
    out, offset = [], 0
    for q in sizes:
        cols, rows = np.triu_indices(q)
        T = np.zeros((q, q))
        T[rows, cols] = theta[offset:offset + len(rows)]
        offset += len(rows)
        out.append(T)
    return out
