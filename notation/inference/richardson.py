"""First and second derivatives of a vector function by Richardson-extrapolated central differences.

Contract: :func:`derivatives` returns the value, the Jacobian (m×k) and the Hessians (m×k×k) of
f: ℝᵏ → ℝᵐ at x, as R's ``numDeriv::genD`` computes them: central differences with steps
h, h/2, …, h/2^(levels−1), extrapolated level by level (error terms in h², h⁴, …). The cross
second derivatives come from differences along eᵢ + eⱼ, corrected by the pure ones, so a
Hessian costs k(k+1)·levels + 1 evaluations. Steps are ``relative``·|xᵢ|, or ``absolute`` where
xᵢ is (nearly) zero; points may leave any bounds on x (the caller's f must accept them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Derivatives", "derivatives"]

_ZERO = 1e-5  # |xᵢ| below this takes the absolute step (numDeriv's zero.tol is ~1.8e-5)


@dataclass(frozen=True)
class Derivatives:
    value: np.ndarray  # (m,)
    jacobian: np.ndarray  # (m, k)
    hessian: np.ndarray  # (m, k, k)


def derivatives(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, relative: float = 1e-2,
                absolute: float = 1e-4, levels: int = 2) -> Derivatives:
    x = np.asarray(x, dtype=np.float64)
    k = len(x)
    f0 = np.asarray(f(x), dtype=np.float64)
    h0 = np.where(np.abs(x) < _ZERO, absolute, relative * np.abs(x))
    jacobian = np.empty((len(f0), k))
    hessian = np.empty((len(f0), k, k))
    for i in range(k):
        firsts, seconds = [], []
        for h in _steps(h0, levels):
            step = _unit(k, i) * h
            up, down = f(x + step), f(x - step)
            firsts.append((up - down) / (2.0 * h[i]))
            seconds.append((up - 2.0 * f0 + down) / h[i] ** 2)
        jacobian[:, i] = _extrapolate(firsts)
        hessian[:, i, i] = _extrapolate(seconds)
    for i in range(k):
        for j in range(i):
            cross = []
            for h in _steps(h0, levels):
                step = (_unit(k, i) + _unit(k, j)) * h
                curvature = f(x + step) - 2.0 * f0 + f(x - step)
                pure = hessian[:, i, i] * h[i] ** 2 + hessian[:, j, j] * h[j] ** 2
                cross.append((curvature - pure) / (2.0 * h[i] * h[j]))
            hessian[:, i, j] = hessian[:, j, i] = _extrapolate(cross)
    return Derivatives(f0, jacobian, hessian)


def _steps(h0: np.ndarray, levels: int) -> list[np.ndarray]:
    return [h0 / 2.0**level for level in range(levels)]


def _unit(k: int, i: int) -> np.ndarray:
    e = np.zeros(k)
    e[i] = 1.0
    return e


def _extrapolate(estimates: list[np.ndarray]) -> np.ndarray:
    """Richardson: each round cancels the next even power of h (steps halve: factor 4^m)."""
    table = list(estimates)
    for m in range(1, len(table)):
        factor = 4.0**m
        table = [(factor * table[k + 1] - table[k]) / (factor - 1.0) for k in range(len(table) - 1)]
    return table[0]
