"""The Gram matrix of [Z X y] in the blocked layout the fitter factorises.

Contract: :func:`gram_blocks` makes one pass over the rows and returns a :class:`Gram`; after that
the fitter never needs the rows. Columns are ordered as lme4 orders them: random-effect terms by
number of levels (most first), within a term level-major (level j's q columns together), then X,
then y. The first term's block of ZᵀZ is block-diagonal and kept as one q×q matrix per level;
everything else (later terms, X, y: "the rest") is kept as the sparse cross product with the
first term and the dense Gram matrix of the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from notation.design.terms import RandomTerm
from notation.errors import DataError

__all__ = ["Gram", "gram_blocks"]

# A dense rest of this many columns needs 3.2 GB; beyond it the crossed part is too big to factor densely.
_MAX_DENSE = 20_000


@dataclass(frozen=True)
class Gram:
    """Blocks of [Z X y]ᵀ[Z X y]; ``rest`` columns are [Z₂ … Z_K, X, y]."""

    first: np.ndarray  # (q₁, q₁, m₁): Z₁ᵀZ₁ per level of the first term, level last
    first_tail: np.ndarray  # (q₁, p + 1, m₁): Z₁ᵀ[X y] per level, level last
    rest_first: sparse.csr_matrix  # (N_Z, m₁q₁): [Z₂ … Z_K]ᵀZ₁
    rest: np.ndarray  # (N_Z + p + 1, N_Z + p + 1): Gram matrix of [Z₂ … Z_K X y]

    @property
    def nz_rest(self) -> int:
        return int(self.rest_first.shape[0])


def gram_blocks(terms: Sequence[RandomTerm], X: np.ndarray, y: np.ndarray) -> Gram:
    """One pass over the rows: the blocks of the Gram matrix of [Z X y]."""
    first, others = terms[0], terms[1:]
    tail = np.column_stack([X, y])
    size = sum(t.size for t in others) + tail.shape[1]
    if size > _MAX_DENSE:
        raise DataError(f"the crossed random effects need a dense {size}×{size} matrix, too large to factor",
                        hint="put the grouping factor with most levels first or simplify the random part")
    z1 = first.values
    m1 = first.nlevels
    codes = first.group.codes
    diag = np.empty((first.q, first.q, m1))
    for a in range(first.q):
        for b in range(a + 1):
            diag[a, b] = diag[b, a] = np.bincount(codes, z1[:, a] * z1[:, b], minlength=m1)
    first_tail = np.empty((first.q, tail.shape[1], m1))
    for a in range(first.q):
        for c in range(tail.shape[1]):
            first_tail[a, c] = np.bincount(codes, z1[:, a] * tail[:, c], minlength=m1)
    rest = np.empty((size, size))
    nz = size - tail.shape[1]
    rest[nz:, nz:] = tail.T @ tail
    if others:
        z_rest = sparse.hstack([t.matrix() for t in others], format="csr")
        rest_first = (z_rest.T @ first.matrix()).tocsr()
        rest[:nz, :nz] = (z_rest.T @ z_rest).toarray()
        rest[:nz, nz:] = z_rest.T @ tail
        rest[nz:, :nz] = rest[:nz, nz:].T
    else:
        rest_first = sparse.csr_matrix((0, m1 * first.q))
    return Gram(diag, first_tail, rest_first, rest)
