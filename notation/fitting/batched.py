"""Small dense linear algebra on stacks of q×q matrices, one per level of a grouping factor.

Contract: stacks are stored level-last, shape (q, q, m), so that every entry M[a, b] is one
contiguous vector over the m levels; the functions loop only over the tiny q and do vector
operations over m, which beats numpy's batched routines (built for few large matrices) by far
for the q ≤ 3 of real models.
"""

from __future__ import annotations

import numpy as np

__all__ = ["cholesky", "congruence", "lower_inverse", "product", "scaled_inverse_transpose",
           "transpose_product"]


def congruence(T: np.ndarray, D: np.ndarray) -> np.ndarray:
    """TᵀDⱼT for every level: one matrix product, vec(TᵀDT) = (T ⊗ T)ᵀ vec(D)."""
    q, _, m = D.shape
    if q == 1:
        return T[0, 0] ** 2 * D
    kron = (T[:, None, :, None] * T[None, :, None, :]).reshape(q * q, q * q)  # [(b,c),(a,d)] = T_ba T_cd
    return (kron.T @ D.reshape(q * q, m)).reshape(q, q, m)


def cholesky(M: np.ndarray) -> np.ndarray:
    """Lower Cholesky factors of the positive definite stack ``M``."""
    q = M.shape[0]
    if q == 1:
        return np.sqrt(M)
    L = np.zeros_like(M)
    for j in range(q):
        pivot = M[j, j].copy()
        for k in range(j):
            pivot -= L[j, k] ** 2
        L[j, j] = np.sqrt(pivot)
        for i in range(j + 1, q):
            below = M[i, j].copy()
            for k in range(j):
                below -= L[i, k] * L[j, k]
            L[i, j] = below / L[j, j]
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
            acc = L[i, j] * inv[j, j]
            for k in range(j + 1, i):
                acc += L[i, k] * inv[k, j]
            inv[i, j] = -acc / L[i, i]
    return inv


def transpose_product(G: np.ndarray, A: np.ndarray) -> np.ndarray:
    """GⱼᵀAⱼ for every level: G is (q, q, m), A is (q, t, m), the result (q, t, m)."""
    if G.shape[0] == 1:
        return G[0, 0] * A
    return np.sum(G[:, :, None, :] * A[:, None, :, :], axis=0)


def product(G: np.ndarray, A: np.ndarray) -> np.ndarray:
    """GⱼAⱼ for every level: G is (q, q, m), A is (q, t, m), the result (q, t, m)."""
    if G.shape[0] == 1:
        return G[0, 0] * A
    return np.sum(G[:, :, None, :] * A[None, :, :, :], axis=1)


def scaled_inverse_transpose(T: np.ndarray, Linv: np.ndarray) -> np.ndarray:
    """T·Lⱼ⁻ᵀ for every level, given the inverses Lⱼ⁻¹ (q, q, m)."""
    if T.shape[0] == 1:
        return T[0, 0] * Linv
    return np.einsum("ab,cbm->acm", T, Linv)
