"""The blocked Cholesky factor of [ΛᵀZᵀZΛ + I, ΛᵀZᵀ[X y]; …, [X y]ᵀ[X y]] at one θ.

Contract: :func:`factorize` takes a problem's Statistics (Gram blocks, term shapes) and θ and
returns a :class:`Factorization`; it has no rows to touch. Code outside the fitter's core calls it
through :meth:`~notation.fitting.deviance.ProfiledDeviance.factorize`. The first random-effect term
(most levels) stays block-diagonal — one q₁×q₁ factor L₁ⱼ per level, computed in batch; its
elimination from the rest is the sparse product A_r1 G Gᵀ A_1r with Gⱼ = T₁L₁ⱼ⁻ᵀ; the rest (later
terms, X, y) is a dense Schur complement factored by LAPACK ``dpotrf`` — or, for nested designs
whose later terms stay uncoupled, a sparse one (:mod:`notation.fitting.sparse_rest`). Cost per θ:
O(m₁q₁³ + nnz-products + N_rest³ dense or ~nnz sparse), independent of the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.linalg as linalg
from scipy.linalg.lapack import dpotrf

from notation.design import Gram, Statistics
from notation.fitting import batched
from notation.fitting.pattern import CrossPattern
from notation.fitting.relative import ThetaLayout
from notation.fitting.scaling import right_block_diagonal, scale_rest
from notation.fitting.sparse_rest import factor_sparse_rest

__all__ = ["Factorization", "cross_pattern", "factorize"]


@dataclass(frozen=True)
class Factorization:
    """The factor at θ, as far as the deviance and the estimates need it.

    ``tail`` is the lower Cholesky factor of the [X y] block once every random effect is
    eliminated (None when the matrix is not positive definite); ``logdet_rest`` is log|L|² of the
    later terms' part; ``solve_rest`` applies the inverse of that part's Schur complement.
    """

    factors: list[np.ndarray]  # T_k per term
    first: np.ndarray  # L₁ⱼ, (q₁, q₁, m₁), level last
    scale: np.ndarray  # Gⱼ = T₁L₁ⱼ⁻ᵀ, (q₁, q₁, m₁)
    nz_rest: int
    tail: np.ndarray | None
    logdet_rest: float = 0.0
    solve_rest: Callable[[np.ndarray], np.ndarray] | None = None

    @property
    def ok(self) -> bool:
        return self.tail is not None

    def logdet_random(self) -> float:
        """log|L|² of ΛᵀZᵀZΛ + I."""
        q = self.first.shape[0]
        return 2.0 * float(np.log(self.first[np.arange(q), np.arange(q)]).sum()) + self.logdet_rest

    def logdet_fixed(self) -> float:
        """log|R_X|²."""
        assert self.tail is not None
        return 2.0 * float(np.log(np.diag(self.tail)[:-1]).sum())

    def pwrss(self) -> float:
        """The penalised residual sum of squares r²(θ)."""
        assert self.tail is not None
        return float(self.tail[-1, -1] ** 2)


def cross_pattern(stats: Statistics) -> CrossPattern | None:
    """The precomputed elimination pattern, when the first term has one column and crossed terms follow."""
    gram = stats.gram
    if not gram.nz_rest or stats.terms[0].q != 1:
        return None
    return CrossPattern.of(gram.rest_first, gram.first[0, 0], gram.rest_size)


def factorize(stats: Statistics, layout: ThetaLayout, theta: np.ndarray,
              pattern: CrossPattern | None = None, work: np.ndarray | None = None,
              sparse_rest: bool = False) -> Factorization:
    """Factor at ``theta``; see the module docstring. Only lower triangles are formed and read.

    ``work`` (the shape of ``gram.rest``) is overwritten by the factor instead of allocating one —
    the optimiser's evaluations reuse it; results that must outlive the next call pass None.
    """
    gram = stats.gram
    factors = layout.factors(theta)
    T1 = factors[0]
    q = T1.shape[0]
    M = batched.congruence(T1, gram.first)
    M[np.arange(q), np.arange(q)] += 1.0
    L1 = batched.cholesky(M)
    G = batched.scaled_inverse_transpose(T1, batched.lower_inverse(L1))  # Gⱼ = T₁L₁ⱼ⁻ᵀ, (q, q, m)
    if sparse_rest:
        return _sparse_factorization(stats, factors, L1, G)
    S = np.empty_like(gram.rest) if work is None else work
    _eliminate(S, gram, G, pattern)
    nz = gram.nz_rest
    row_scale = _diagonal_rest_scale(stats, factors)
    if row_scale is None:
        scale_rest(S, stats, factors)
        S[np.arange(nz), np.arange(nz)] += 1.0
    else:
        S[np.arange(nz), np.arange(nz)] += row_scale**-2.0
    upper, info = dpotrf(S.T, lower=0, clean=0, overwrite_a=1)  # S.T is S, Fortran-ordered: no copy
    if info != 0:
        return Factorization(factors, L1, G, nz, None)
    L = upper.T
    logdet = 2.0 * float(np.log(np.diag(L)[:nz]).sum())
    if row_scale is not None:
        logdet += 2.0 * float(np.log(row_scale).sum())
    return Factorization(factors, L1, G, nz, np.tril(L[nz:, nz:]), logdet, _dense_solver(L, nz, row_scale))


def _sparse_factorization(stats: Statistics, factors: list[np.ndarray], L1: np.ndarray, G: np.ndarray
                          ) -> Factorization:
    gram = stats.gram
    q, t, m = gram.first_tail.shape
    F = batched.transpose_product(G, gram.first_tail)
    stacked = F.transpose(2, 0, 1).reshape(m * q, t)
    weighted = batched.product(G, F).transpose(2, 0, 1).reshape(m * q, t)
    tail, logdet, solve = factor_sparse_rest(stats, factors, G, stacked, weighted)
    return Factorization(factors, L1, G, gram.nz_rest, tail, logdet, solve)


def _dense_solver(L: np.ndarray, nz: int, row_scale: np.ndarray | None) -> Callable[[np.ndarray], np.ndarray]:
    """(L_ZZ L_ZZᵀ)⁻¹ by two triangular solves; L_ZZ formed only when a solve is asked for."""

    def solve(rhs: np.ndarray) -> np.ndarray:
        Lzz = np.tril(L[:nz, :nz])
        if row_scale is not None:
            Lzz *= row_scale[:, None]
        half = linalg.solve_triangular(Lzz, rhs, lower=True)
        return linalg.solve_triangular(Lzz, half, lower=True, trans="T")

    return solve


def _diagonal_rest_scale(stats: Statistics, factors: list[np.ndarray]) -> np.ndarray | None:
    """Λ_r's diagonal when every later term is scalar with θ_k clear of 0, else None."""
    later = list(zip(stats.terms[1:], factors[1:], strict=True))
    # below 1e-6, 1/θ² (> 1e12) would swamp the diagonal it is added to: scale explicitly instead
    if not later or any(term.q != 1 or T[0, 0] < 1e-6 for term, T in later):
        return None
    return np.concatenate([np.full(term.nlevels, T[0, 0]) for term, T in later])


def _eliminate(S: np.ndarray, gram: Gram, G: np.ndarray, pattern: CrossPattern | None) -> None:
    """S ← A_rr − A_r1 G Gᵀ A_1r on the lower triangle: the first term eliminated from the rest."""
    q, t, m = gram.first_tail.shape
    nz = gram.nz_rest
    F = batched.transpose_product(G, gram.first_tail)  # Gⱼᵀ A_1t,j
    stacked = F.transpose(2, 0, 1).reshape(m * q, t)
    np.copyto(S, gram.rest)
    S[nz:, nz:] -= stacked.T @ stacked
    if nz:
        if pattern is not None:
            pattern.subtract_lower_product(S, G[0, 0] ** 2)
        else:
            B = right_block_diagonal(gram.rest_first, G)
            S[:nz, :nz] -= (B @ B.T).toarray()
        # A_r1 G Gᵀ A_1t = A_r1 (Gⱼ Fⱼ)ⱼ: scale the small dense side, not the sparse matrix
        weighted = batched.product(G, F).transpose(2, 0, 1).reshape(m * q, t)
        S[nz:, :nz] -= (gram.rest_first @ weighted).T
