"""Small dense linear algebra on stacks of q×q matrices, one per level of a grouping factor.

Contract: stacks are stored level-last, shape (q, q, m), so that every entry M[a, b] is one
contiguous vector over the m levels; the functions loop only over the tiny q and do vector
operations over m, which beats numpy's batched routines (built for few large matrices) by far
for the q ≤ 3 of real models.
"""

from __future__ import annotations

import numpy as np

__all__ = ["cholesky", "congruence", "lower_inverse", "transpose_product"]


def congruence(T: np.ndarray, D: np.ndarray) -> np.ndarray:
    """TᵀDⱼT for every level: one matrix product, vec(TᵀDT) = (T ⊗ T)ᵀ vec(D)."""
    q, _, m = D.shape
    return (np.kron(T, T).T @ D.reshape(q * q, m)).reshape(q, q, m)


def cholesky(M: np.ndarray) -> np.ndarray:
    """Lower Cholesky factors of the positive definite stack ``M``."""
    q = M.shape[0]
    if q == 1:
        return np.sqrt(M)
    L = np.zeros_like(M)
    for j in range(q):
        L[j, j] = np.sqrt(M[j, j] - np.sum(L[j, :j] ** 2, axis=0))
        for i in range(j + 1, q):
            L[i, j] = (M[i, j] - np.sum(L[i, :j] * L[j, :j], axis=0)) / L[j, j]
    return L


def lower_inverse(L: np.ndarray) -> np.ndarray:
    """Inverses of the lower-triangular stack ``L`` (also lower triangular)."""
    q = L.shape[0]
    if q == 1:
        return 1.0 / L
    inv = np.zeros_like(L)
    for i in range(q):
        inv[i, i] = 1.0 / L[i, i]
        for j in range(i):
            inv[i, j] = -np.sum(L[i, j:i] * inv[j:i, j], axis=0) / L[i, i]
    return inv


def transpose_product(G: np.ndarray, A: np.ndarray) -> np.ndarray:
    """GⱼᵀAⱼ for every level: G is (q, q, m), A is (q, t, m), the result (q, t, m)."""
    return np.sum(G[:, :, None, :] * A[:, None, :, :], axis=0)
