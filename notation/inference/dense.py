"""Dense forms of the Gram blocks and of Λ_θ, for the inference that needs (ΛᵀZᵀZΛ + I)⁻¹ in full.

Contract: :func:`dense_gram` is Γ, the Gram matrix of [Z X] (Z's columns in the fitter's order: the
first term level-major, then the later terms; then X) assembled from a problem's Gram blocks, never
from rows — X is the fitter's standardised X̃ (the data's X is X̃·A, ``Statistics.scaling``);
:func:`relative_factor` is Λ_θ as a sparse block-diagonal matrix (T_k per level).
:func:`z_gram` is ZᵀZ alone, sparse (the first term block-diagonal), for products that need not be
dense. Kenward–Roger and the conditional variances use them; their size is Z's columns squared, not n.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sparse

__all__ = ["dense_gram", "relative_factor", "z_gram"]


def dense_gram(statistics: Any) -> np.ndarray:
    """Γ, the Gram matrix of [Z X] (Z's columns in the fitter's order: first term level-major, then
    the later terms; X the fitter's standardised X̃), from the Gram blocks."""
    g = statistics.gram
    q1, _, m1 = g.first.shape
    p = g.tail.shape[0] - 1
    n1, nz = m1 * q1, g.nz_rest
    size = n1 + nz + p
    out = np.zeros((size, size))
    level = np.arange(m1)
    for a in range(q1):
        for b in range(q1):
            out[level * q1 + a, level * q1 + b] = g.first[a, b]
        for c in range(p):
            out[level * q1 + a, n1 + nz + c] = g.first_tail[a, c]
    if nz:
        out[n1:n1 + nz, :n1] = g.rest_first.toarray()
        out[n1:n1 + nz, n1:n1 + nz] = g.later.toarray()
        out[n1:n1 + nz, n1 + nz:] = g.later_tail[:, :p]
    out[n1 + nz:, n1 + nz:] = g.tail[:p, :p]
    x = slice(n1 + nz, size)
    out[x, :n1] = out[:n1, x].T
    out[:n1, n1:n1 + nz] = out[n1:n1 + nz, :n1].T
    out[x, n1:n1 + nz] = out[n1:n1 + nz, x].T
    return out


def z_gram(statistics: Any) -> sparse.csr_matrix:
    """ZᵀZ as a sparse matrix (Z's columns in the fitter's order): the first term's per-level q₁×q₁
    blocks on the diagonal, the later terms' blocks as the Gram blocks keep them."""
    g = statistics.gram
    q1, _, m1 = g.first.shape
    level = np.arange(m1)
    rows = (level[None, None, :] * q1 + np.arange(q1)[:, None, None]) + 0 * np.arange(q1)[None, :, None]
    cols = (level[None, None, :] * q1 + np.arange(q1)[None, :, None]) + 0 * np.arange(q1)[:, None, None]
    first = sparse.csr_matrix((g.first.ravel(), (rows.ravel(), cols.ravel())), shape=(m1 * q1, m1 * q1))
    if not g.nz_rest:
        return first
    return sparse.bmat([[first, g.rest_first.T], [g.rest_first, g.later]], format="csr")


def relative_factor(terms: Any, factors: list[np.ndarray]) -> sparse.csr_matrix:
    """Λ_θ, block-diagonal with T_k per level, as a sparse matrix."""
    blocks = []
    for term, T in zip(terms, factors, strict=True):
        blocks.append(sparse.kron(sparse.identity(term.nlevels), sparse.csr_matrix(T)))
    return sparse.block_diag(blocks, format="csr")
