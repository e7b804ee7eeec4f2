"""Starting values for θ: lme4's identity, or one-way method-of-moments for random intercepts.

Contract: :func:`starting_points` returns the candidate (θ₀, initial step) pairs, the one with the
lower deviance first. The first is lme4's (T_k = I, nlopt's default steps 0.75|x| or 1 at 0). The second,
built from the Gram blocks alone, starts each random-intercept term ``(1 | g)`` at √(σ̂²_b/σ̂²_w)
from the one-way ANOVA of the OLS residuals on g (floored at 0.05) with a step of 20% of it.
One-way moments ignore the other terms, so they are good for nested or large unbalanced crossed
designs (InstEval: ~40 BOBYQA evaluations instead of ~115) and poor for small balanced crossed
ones (Penicillin) — the deviance decides, at the cost of one evaluation. Neither start finds the
global optimum every time (badly scaled slopes can trap either), so the fitter may also run the
second candidate when the first optimisation was cheap.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from notation.design import Statistics
from notation.fitting.relative import ThetaLayout

__all__ = ["Start", "starting_points"]

Start = tuple[np.ndarray, np.ndarray]

_FLOOR = 0.05
_STEP = 0.2


def starting_points(stats: Statistics, layout: ThetaLayout, deviance: Callable[[np.ndarray], float]
                    ) -> list[Start]:
    identity = layout.start()
    step = np.where(identity == 0, 1.0, 0.75 * np.abs(identity))
    moments = _moment_start(stats, layout, identity.copy(), step.copy())
    if moments is None:
        return [(identity, step)]
    if deviance(moments[0]) < deviance(identity):
        return [moments, (identity, step)]
    return [(identity, step), moments]


def _moment_start(stats: Statistics, layout: ThetaLayout, start: np.ndarray, step: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray] | None:
    residual = _ols_weights(stats)
    if residual is None or not any(t.names == ("(Intercept)",) for t in stats.terms):
        return None
    gram = stats.gram
    ssr = float(residual @ gram.tail @ residual)
    offset = 0
    for k, term in enumerate(stats.terms):
        if term.names == ("(Intercept)",):
            if k == 0:
                counts, sums = gram.first[0, 0], residual @ gram.first_tail[0]
            else:
                block = slice(offset, offset + term.size)
                counts, sums = gram.later.diagonal()[block], gram.later_tail[block] @ residual
            theta = max(_one_way(counts, sums, ssr), _FLOOR)
            position = layout.offsets[k]
            start[position], step[position] = theta, _STEP * theta
        if k > 0:
            offset += term.size
    return start, step


def _ols_weights(stats: Statistics) -> np.ndarray | None:
    """[−β̂_OLS, 1]: the combination of [X y] that gives the OLS residuals."""
    gram, p = stats.gram, stats.p
    try:
        beta = np.linalg.solve(gram.tail[:p, :p], gram.tail[:p, -1])
    except np.linalg.LinAlgError:
        return None
    return np.concatenate([-beta, [1.0]])


def _one_way(counts: np.ndarray, sums: np.ndarray, ssr: float) -> float:
    """√(between / within variance) of the one-way random-effects ANOVA on residuals."""
    n, m = counts.sum(), counts.size
    between = float(np.sum(sums**2 / counts))
    within = (ssr - between) / (n - m)
    n0 = (n - np.sum(counts**2) / n) / (m - 1)
    variance = (between / (m - 1) - within) / n0
    return float(np.sqrt(variance / within)) if variance > 0 and within > 0 else 0.0
