"""Λ_θ applied to the blocks of the factorisation: the first term's Gⱼ, the later terms' T_k.

Contract: functions that multiply Gram blocks by Λ without forming it as a matrix — right
multiplication of A_r1 by blockdiag(Gⱼ), Λ_rᵀ S Λ_r in place on a dense Schur complement, Λ_rᵀ V
on rows — and Λ_r itself as a sparse matrix for the sparse path.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sparse

from notation.design import Statistics

__all__ = ["rest_factor", "right_block_diagonal", "scale_rest", "scale_rest_rows"]


def right_block_diagonal(A: sparse.csr_matrix, G: np.ndarray) -> sparse.csr_matrix:
    """A · blockdiag(G₁ … G_m), G stored level-last (q, q, m)."""
    q, _, m = G.shape
    if q == 1:  # scale the stored values: no new sparsity structure to build
        return sparse.csr_matrix((A.data * G[0, 0][A.indices], A.indices, A.indptr), shape=A.shape)
    blocks = sparse.bsr_matrix((np.ascontiguousarray(G.transpose(2, 0, 1)), np.arange(m), np.arange(m + 1)),
                               shape=(m * q, m * q))
    return (A @ blocks).tocsr()


def scale_rest(S: np.ndarray, stats: Statistics, factors: list[np.ndarray]) -> None:
    """S ← Λ_rᵀ S Λ_r in place, Λ_r = blockdiag(I ⊗ T_k for k ≥ 2, I for X and y)."""
    offset = 0
    N = S.shape[0]
    for term, T in zip(stats.terms[1:], factors[1:], strict=True):
        m, q = term.nlevels, term.q
        span = slice(offset, offset + m * q)
        if q == 1:
            S[span, :] *= T[0, 0]
            S[:, span] *= T[0, 0]
        else:
            _mirror_diagonal_blocks(S, offset, m, q)
            S[:, span] = (S[:, span].reshape(N, m, q) @ T).reshape(N, m * q)
            S[span, :] = np.einsum("ba,mbn->man", T, S[span, :].reshape(m, q, N)).reshape(m * q, N)
        offset += m * q


def _mirror_diagonal_blocks(S: np.ndarray, offset: int, m: int, q: int) -> None:
    """Copy the lower triangle of each level's q×q diagonal block to its upper triangle.

    Only lower triangles are formed, but T_k mixes the columns of a level's block, so those
    small blocks must be whole before scaling.
    """
    lower_rows, lower_cols = np.tril_indices(q, -1)
    starts = offset + q * np.arange(m)[:, None]
    S[starts + lower_cols, starts + lower_rows] = S[starts + lower_rows, starts + lower_cols]


def scale_rest_rows(V: np.ndarray | sparse.csr_matrix, stats: Statistics, factors: list[np.ndarray]
                    ) -> np.ndarray | sparse.csr_matrix:
    """Λ_rᵀ V for V with one row per random effect of the later terms (in place for arrays)."""
    if sparse.issparse(V):
        return rest_factor(stats, factors).T @ V
    offset = 0
    for term, T in zip(stats.terms[1:], factors[1:], strict=True):
        span = slice(offset, offset + term.size)
        block = V[span].reshape(term.nlevels, term.q, -1)
        V[span] = np.einsum("ba,mbn->man", T, block).reshape(V[span].shape)
        offset += term.size
    return V


def rest_factor(stats: Statistics, factors: list[np.ndarray]) -> sparse.csr_matrix:
    """Λ_r = blockdiag(I_{m_k} ⊗ T_k) over the later terms, as a sparse matrix."""
    blocks = [sparse.kron(sparse.identity(t.nlevels), sparse.csr_matrix(T))
              for t, T in zip(stats.terms[1:], factors[1:], strict=True)]
    return sparse.block_diag(blocks, format="csr")
