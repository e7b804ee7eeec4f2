"""Estimates at θ̂ from the blocked factor: β̂, σ̂, vcov(β̂), conditional modes b̂ = Λû.

Contract: :func:`estimate` solves with the factor of :mod:`notation.fitting.blocked` only — the rows
are not read: R_Xᵀβ̂ = c_X (last row of the [X y] factor), σ̂² = r²/(n−p) (REML) or r²/n (ML),
vcov = σ̂²(R_XᵀR_X)⁻¹, and û solves (ΛᵀZᵀZΛ + I)û = ΛᵀZᵀ(y − Xβ̂) through the same blocks — all for the
standardised [X y] of the blocks, then mapped back to the data's scale (β, vcov, σ, b̂).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.linalg as linalg

from notation.design import Statistics
from notation.fitting.blocked import Factorization
from notation.fitting.deviance import ProfiledDeviance
from notation.fitting.scaling import right_block_diagonal, scale_rest_rows

__all__ = ["Estimates", "estimate"]


@dataclass(frozen=True)
class Estimates:
    beta: np.ndarray
    sigma: float
    vcov: np.ndarray
    effects: list[np.ndarray]  # b̂_k as (levels, q) per term, in the order of the terms
    working_sigma: float = math.nan  # σ̃ of the standardised response (σ/s), what the factor's r² gives


def estimate(deviance: ProfiledDeviance, factor: Factorization) -> Estimates:
    """The estimates of the standardised problem, mapped back to the data's scale exactly."""
    stats = deviance.stats
    assert factor.tail is not None
    p = stats.p
    Lxx = factor.tail[:p, :p]
    beta = linalg.solve_triangular(Lxx, factor.tail[-1, :p], trans="T", lower=True) if p else np.empty(0)
    sigma = float(np.sqrt(factor.pwrss() / deviance.dof))
    inverse = linalg.solve_triangular(Lxx, np.eye(p), lower=True) if p else np.empty((0, 0))
    vcov = sigma**2 * inverse.T @ inverse
    effects = _effects(stats, factor, beta)
    scaling = stats.scaling
    s = scaling.y_scale
    return Estimates(scaling.beta(beta), s * sigma, scaling.vcov(vcov), [s * b for b in effects], sigma)


def _effects(stats: Statistics, factor: Factorization, beta: np.ndarray) -> list[np.ndarray]:
    gram, nz = stats.gram, factor.nz_rest
    first = stats.terms[0]
    m1, q1 = first.nlevels, first.q
    weights = np.concatenate([-beta, [1.0]])  # [X y]·weights = y − Xβ̂
    T1 = factor.factors[0]
    v1 = np.einsum("ba,btm,t->ma", T1, gram.first_tail, weights)
    L1 = np.ascontiguousarray(factor.first.transpose(2, 0, 1))  # (m, q, q) for numpy's batched solve
    w1 = np.linalg.solve(L1, v1[..., None])[..., 0]
    u1_rhs = w1
    rest_u = np.empty(0)
    if nz:
        v_rest = gram.later_tail @ weights
        v_rest = scale_rest_rows(v_rest, stats, factor.factors)
        C = right_block_diagonal(gram.rest_first, factor.scale)
        C = scale_rest_rows(C, stats, factor.factors)
        assert factor.solve_rest is not None
        rest_u = factor.solve_rest(v_rest - C @ w1.ravel())
        u1_rhs = w1 - (C.T @ rest_u).reshape(m1, q1)
    u1 = np.linalg.solve(np.transpose(L1, (0, 2, 1)), u1_rhs[..., None])[..., 0]
    effects = [u1 @ T1.T]
    offset = 0
    for term, T in zip(stats.terms[1:], factor.factors[1:], strict=True):
        u = rest_u[offset:offset + term.size].reshape(term.nlevels, term.q)
        effects.append(u @ T.T)
        offset += term.size
    return effects
