"""The random-effect columns the optimiser sees: centred and scaled, so that θ is well conditioned.

Contract: :func:`working_columns` returns a :class:`Reparametrization` of a problem's Statistics:
each term's columns z are replaced by z̃ = z M_k (with an intercept column: every other column
centred and scaled to unit SD over the rows; without one, or where the sums cannot tell the
spread from rounding: scaled to unit root mean square; intercepts and all-zero columns are left as
they are), and the Gram blocks
multiplied accordingly — from the sums alone, so every engine's Statistics can be refitted.
Because z b = z̃ b̃ with b̃ = M⁻¹b, an unstructured ψ_k is the same model in either columns and the
profiled deviance takes the same values: :meth:`Reparametrization.theta` maps the optimum back
(T_k Tₖᵀ = M T̃ T̃ᵀ Mᵀ, re-factored lower-triangular with a non-negative diagonal).

Why: BOBYQA works in θ. A random slope on a covariate far from 0 (``Days + 100``) or in large units
makes ψ's Cholesky factor nearly singular in the data's columns — the intercept's θ must cancel
the slope's to many digits — and the optimiser stops tens of deviance units short (lme4 does too,
with a convergence warning at best). In centred, scaled columns the same optimum is a well-scaled
point. lme4's convergence checks and its singular-fit rule still apply to θ in the data's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sparse

from notation.design import Gram, Statistics, TermShape
from notation.fitting.relative import ThetaLayout

__all__ = ["Reparametrization", "working_columns"]

_INTERCEPT = "(Intercept)"
# Below this fraction of its mean square, a column's variance is rounding error of the sums: not centred.
_CANCELLED = 1e-10
# Columns whose centre is this many spreads from 0, or whose spread is beyond this factor of 1, are
# badly scaled for the optimiser (sleepstudy's Days: 1.6 spreads, spread 2.9).
_FAR, _WIDE = 10.0, 100.0
# A pivot below this fraction of its diagonal entry is a zero of a singular ψ (rounding of M T̃ T̃ᵀ Mᵀ).
_ZERO_PIVOT = 1e-12


@dataclass(frozen=True)
class Reparametrization:
    """The Statistics in working columns, and the map of their θ back to the data's columns."""

    statistics: Statistics
    maps: tuple[np.ndarray, ...]  # M_k per term: z̃ = z M_k
    layout: ThetaLayout

    @property
    def identity(self) -> bool:
        return all(np.array_equal(M, np.eye(len(M))) for M in self.maps)

    @property
    def badly_scaled(self) -> bool:
        """Does a column sit far from 0 for its spread, or have a spread far from 1? Then θ in the
        data's columns is ill-conditioned and BOBYQA may stop short there without a warning."""
        for M in self.maps:
            scales = 1.0 / np.diag(M)
            centres = -np.sum(np.triu(M, 1), axis=0) * scales  # only an intercept's row has them
            if np.any(np.abs(centres) > _FAR * scales) or np.any((scales > _WIDE) | (scales < 1 / _WIDE)):
                return True
        return False

    def theta(self, working: np.ndarray) -> np.ndarray:
        """θ in the data's columns for θ̃ in the working ones."""
        if self.identity:
            return working
        factors = [_psd_cholesky(M @ T @ T.T @ M.T)
                   for M, T in zip(self.maps, self.layout.factors(working), strict=True)]
        return np.concatenate([T.T[np.triu_indices(len(T))] for T in factors])  # column-wise lower triangle


def working_columns(stats: Statistics) -> Reparametrization:
    """Centre and scale every term's columns (see the module docstring); the identity if none needs it."""
    sums = _column_sums(stats)
    maps = tuple(_column_map(term, S, stats.nobs) for term, S in zip(stats.terms, sums, strict=True))
    same = Reparametrization(stats, maps, ThetaLayout([t.q for t in stats.terms]))
    return same if same.identity else replace(same, statistics=replace(stats, gram=_transform(stats, maps)))


def _column_sums(stats: Statistics) -> list[np.ndarray]:
    """Σ zᵀz over all rows, q×q per term, from the Gram blocks."""
    gram = stats.gram
    sums = [gram.first.sum(axis=2)]
    later = gram.later.tocoo()
    offset = 0
    for term in stats.terms[1:]:
        inside = ((later.row >= offset) & (later.row < offset + term.size)
                  & (later.col >= offset) & (later.col < offset + term.size))
        S = np.zeros((term.q, term.q))
        np.add.at(S, ((later.row[inside] - offset) % term.q, (later.col[inside] - offset) % term.q),
                  later.data[inside])
        sums.append(S)
        offset += term.size
    return sums


def _column_map(term: TermShape, S: np.ndarray, nobs: int) -> np.ndarray:
    """M for one term: z̃_b = (z_b − c_b)/s_b with an intercept column, z_b/rms_b without one."""
    M = np.eye(term.q)
    intercept = term.names.index(_INTERCEPT) if _INTERCEPT in term.names else None
    for b in range(term.q):
        if b == intercept or S[b, b] <= 0:
            continue
        mean_square = S[b, b] / nobs
        centre = S[intercept, b] / nobs if intercept is not None else 0.0
        variance = mean_square - centre**2
        if intercept is None or variance <= _CANCELLED * mean_square:
            M[b, b] = 1.0 / np.sqrt(mean_square)  # the sums cannot tell the spread: scale only
            continue
        scale = np.sqrt(variance)
        M[b, b] = 1.0 / scale
        M[intercept, b] = -centre / scale  # z̃_b = z_b/s − (c/s)·1
    return M


def _transform(stats: Statistics, maps: tuple[np.ndarray, ...]) -> Gram:
    gram = stats.gram
    first_map = maps[0]
    first = np.einsum("ba,bcm,cd->adm", first_map, gram.first, first_map)
    first_tail = np.einsum("ba,bcm->acm", first_map, gram.first_tail)
    if not gram.nz_rest:
        return replace(gram, first=first, first_tail=first_tail)
    B1 = sparse.kron(sparse.identity(stats.terms[0].nlevels), sparse.csr_matrix(first_map), format="csr")
    Br = sparse.block_diag([sparse.kron(sparse.identity(t.nlevels), sparse.csr_matrix(M))
                            for t, M in zip(stats.terms[1:], maps[1:], strict=True)], format="csr")
    return replace(gram, first=first, first_tail=first_tail,
                   rest_first=(Br.T @ gram.rest_first @ B1).tocsr(),
                   later=(Br.T @ gram.later @ Br).tocsr(),
                   later_tail=np.asarray(Br.T @ gram.later_tail))


def _psd_cholesky(A: np.ndarray) -> np.ndarray:
    """The lower Cholesky factor of a positive semi-definite A, zero columns where A is singular
    (lme4's θ of a singular ψ: a zero diagonal entry, and zeros below it)."""
    q = len(A)
    L = np.zeros((q, q))
    for j in range(q):
        pivot = A[j, j] - L[j, :j] @ L[j, :j]
        if pivot <= _ZERO_PIVOT * max(A[j, j], 0.0) or pivot <= 0:
            continue
        L[j, j] = np.sqrt(pivot)
        L[j + 1:, j] = (A[j + 1:, j] - L[j + 1:, :j] @ L[j, :j]) / L[j, j]
    return L
