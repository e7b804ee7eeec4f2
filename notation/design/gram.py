"""The Gram matrix of [Z X y] in the blocked layout the fitter factorises.

Contract: :func:`gram_blocks` makes one pass over the rows and returns a :class:`Gram`; after that
the fitter never needs the rows. Columns are ordered as lme4 orders them: random-effect terms by
number of levels (most first), within a term level-major (level j's q columns together), then X,
then y. The first term's block of ZᵀZ is block-diagonal and kept as one q×q matrix per level;
everything else (later terms, X, y: "the rest") is kept as the sparse cross product with the
first term, the later terms' own Gram matrix (sparse), their cross product with [X y] and the
small [X y]ᵀ[X y]. The dense Gram matrix of the rest is formed on first use, for the dense
factorisation of crossed designs; nested designs never need it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import scipy.sparse as sparse

from notation.design.terms import TermColumns
from notation.errors import DataError

__all__ = ["Gram", "gram_blocks", "response_blocks", "with_response"]

# A dense rest of this many columns needs 3.2 GB: beyond it crossed designs are too big to factor densely.
_MAX_DENSE = 20_000


@dataclass(frozen=True)
class Gram:
    """Blocks of [Z X y]ᵀ[Z X y]; ``rest`` columns are [Z₂ … Z_K, X, y]."""

    first: np.ndarray  # (q₁, q₁, m₁): Z₁ᵀZ₁ per level of the first term, level last
    first_tail: np.ndarray  # (q₁, p + 1, m₁): Z₁ᵀ[X y] per level, level last
    rest_first: sparse.csr_matrix  # (N_Z, m₁q₁): [Z₂ … Z_K]ᵀZ₁
    later: sparse.csr_matrix  # (N_Z, N_Z): [Z₂ … Z_K]ᵀ[Z₂ … Z_K]
    later_tail: np.ndarray  # (N_Z, p + 1): [Z₂ … Z_K]ᵀ[X y]
    tail: np.ndarray  # (p + 1, p + 1): [X y]ᵀ[X y]
    later_terms: tuple[str, ...] = ()  # the later terms as written, ``(1 | item)``, for messages

    @property
    def nz_rest(self) -> int:
        return int(self.rest_first.shape[0])

    @property
    def rest_size(self) -> int:
        return self.nz_rest + int(self.tail.shape[0])

    @cached_property
    def rest(self) -> np.ndarray:
        """The dense Gram matrix of [Z₂ … Z_K X y], (N_Z + p + 1)², formed once on first use."""
        size, nz = self.rest_size, self.nz_rest
        if size > _MAX_DENSE:
            terms = ", ".join(self.later_terms) or "the later terms"
            raise DataError(f"the random-effect terms after the one with most levels ({terms}) have "
                            f"{nz:,} columns and are crossed: fitting them needs a dense {size:,}×{size:,} "
                            f"matrix ({size * size * 8 / 1e9:.1f} GB, factored at every step); "
                            f"the limit is {_MAX_DENSE:,}",
                            hint="if a grouping factor is nested in another, give each nested unit its own "
                                 "id (or write (1 | school/class)) so the design is recognised as nested; "
                                 "otherwise merge or drop a crossed grouping factor with many levels, or fit "
                                 "a subsample of its levels")
        rest = np.empty((size, size))
        rest[:nz, :nz] = self.later.toarray()
        rest[:nz, nz:] = self.later_tail
        rest[nz:, :nz] = self.later_tail.T
        rest[nz:, nz:] = self.tail
        return rest


def gram_blocks(terms: Sequence[TermColumns], X: np.ndarray, y: np.ndarray) -> Gram:
    """One pass over the rows: the blocks of the Gram matrix of [Z X y]."""
    first, others = terms[0], terms[1:]
    tail = np.column_stack([X, y])
    z1 = first.values
    q, m1 = first.shape.q, first.shape.nlevels
    diag = np.empty((q, q, m1))
    for a in range(q):
        for b in range(a + 1):
            diag[a, b] = diag[b, a] = np.bincount(first.codes, z1[:, a] * z1[:, b], minlength=m1)
    if others:
        z_rest = _later_matrix(others)
        rest_first = (z_rest.T @ first.matrix()).tocsr()
        later = (z_rest.T @ z_rest).tocsr()
        later_tail = np.asarray(z_rest.T @ tail)
    else:
        rest_first = sparse.csr_matrix((0, m1 * q))
        later = sparse.csr_matrix((0, 0))
        later_tail = np.empty((0, tail.shape[1]))
    labels = tuple(f"({t.shape.written})" for t in others)
    return Gram(diag, _first_cross(first, tail), rest_first, later, later_tail, tail.T @ tail, labels)


def with_response(gram: Gram, terms: Sequence[TermColumns], X: np.ndarray, y: np.ndarray) -> Gram:
    """``gram`` with the response column replaced by that of ``y``: Z₁ᵀy, Z_rᵀy, Xᵀy, yᵀy only."""
    first_y, later_y, tail_y = response_blocks(terms, X, y[:, None])
    first_tail = gram.first_tail.copy()
    first_tail[:, -1, :] = first_y[:, 0, :]
    later_tail = gram.later_tail.copy()
    later_tail[:, -1] = later_y[:, 0]
    tail = gram.tail.copy()
    tail[-1, :] = tail[:, -1] = tail_y[:, 0]
    return replace(gram, first_tail=first_tail, later_tail=later_tail, tail=tail)


def response_blocks(terms: Sequence[TermColumns], X: np.ndarray, Y: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The response columns of the Gram blocks for many responses Y (rows × R) at once:
    Z₁ᵀy per level (q₁, R, m₁), [Z₂ … Z_K]ᵀy (N_Z, R) and [Xᵀy; yᵀy] (p + 1, R) — one sparse
    product each, what a parametric bootstrap needs per batch of replicates."""
    first = terms[0]
    q, m1 = first.shape.q, first.shape.nlevels
    R = Y.shape[1]
    first_y = np.asarray(first.matrix().T @ Y).reshape(m1, q, R).transpose(1, 2, 0)
    later_y = np.asarray(_later_matrix(terms[1:]).T @ Y) if len(terms) > 1 else np.empty((0, R))
    tail_y = np.vstack([X.T @ Y, np.einsum("ir,ir->r", Y, Y)[None, :]])
    return np.ascontiguousarray(first_y), later_y, tail_y


def _first_cross(first: TermColumns, columns: np.ndarray) -> np.ndarray:
    """Z₁ᵀ·columns per level of the first term, (q₁, columns, m₁)."""
    q, m1 = first.shape.q, first.shape.nlevels
    out = np.empty((q, columns.shape[1], m1))
    for a in range(q):
        for c in range(columns.shape[1]):
            out[a, c] = np.bincount(first.codes, first.values[:, a] * columns[:, c], minlength=m1)
    return out


def _later_matrix(others: Sequence[TermColumns]) -> sparse.csr_matrix:
    """[Z₂ … Z_K] as one sparse matrix."""
    return sparse.hstack([t.matrix() for t in others], format="csr")
