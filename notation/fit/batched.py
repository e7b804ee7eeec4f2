"""Small dense linear algebra on stacks of q×q matrices, one per level of a grouping factor.

Contract: every function takes arrays of shape (m, q, q) (or (m, q, k)) and works on all m at once
with vector operations over m and loops only over the tiny q, which beats calling LAPACK m times
and numpy's generic batched routines for the q ≤ 3 of real models.
"""

from __future__ import annotations

import numpy as np

__all__ = ["cholesky", "lower_inverse"]


def cholesky(M: np.ndarray) -> np.ndarray:
    """Lower Cholesky factors of the positive definite stack ``M``."""
    m, q, _ = M.shape
    if q == 1:
        return np.sqrt(M)
    L = np.zeros_like(M)
    for j in range(q):
        pivot = M[:, j, j] - np.einsum("mk,mk->m", L[:, j, :j], L[:, j, :j])
        L[:, j, j] = np.sqrt(pivot)
        if j + 1 < q:
            below = M[:, j + 1:, j] - np.einsum("mik,mk->mi", L[:, j + 1:, :j], L[:, j, :j])
            L[:, j + 1:, j] = below / L[:, j, j][:, None]
    return L


def lower_inverse(L: np.ndarray) -> np.ndarray:
    """Inverses of the lower-triangular stack ``L`` (also lower triangular)."""
    m, q, _ = L.shape
    if q == 1:
        return 1.0 / L
    inv = np.zeros_like(L)
    for i in range(q):
        inv[:, i, i] = 1.0 / L[:, i, i]
        for j in range(i):
            acc = np.einsum("mk,mk->m", L[:, i, j:i], inv[:, j:i, j])
            inv[:, i, j] = -acc / L[:, i, i]
    return inv
