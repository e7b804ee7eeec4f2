"""The fixed sparsity pattern of A_r1 W A_1r when the first term has one column per level.

Contract: with q₁ = 1, eliminating the first term subtracts Σⱼ wⱼ aⱼaⱼᵀ from the crossed part of the
rest (aⱼ: column j of [Z₂ … Z_K]ᵀZ₁, wⱼ depends on θ). The pairs of nonzeros of each aⱼ never
change, so :class:`CrossPattern` lists them once (lower triangle only) and each evaluation is one
weighted ``np.bincount`` — several times faster than a sparse matrix product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

__all__ = ["CrossPattern"]


@dataclass(frozen=True)
class CrossPattern:
    """Pairs (r ≥ c) of nonzeros of A_r1 in one column j, with their products A[r, j]·A[c, j]."""

    flat: np.ndarray  # r·N + c
    level: np.ndarray  # j
    product: np.ndarray
    size: int  # N

    @classmethod
    def of(cls, rest_first: sparse.csr_matrix) -> CrossPattern:
        A = rest_first.tocsc()
        A.sort_indices()
        size, m = A.shape
        counts = np.diff(A.indptr)
        position = np.arange(A.nnz) - np.repeat(A.indptr[:-1], counts)
        partners = position + 1
        later = np.repeat(np.arange(A.nnz), partners)
        ends = np.cumsum(partners)
        earlier = np.repeat(A.indptr[:-1], counts)
        earlier = np.repeat(earlier, partners) + np.arange(later.size) - np.repeat(ends - partners, partners)
        flat = A.indices[later].astype(np.intp) * size + A.indices[earlier]
        level = np.repeat(np.repeat(np.arange(m, dtype=np.int32), counts), partners)
        return cls(flat, level, A.data[later] * A.data[earlier], size)

    def lower_product(self, weights: np.ndarray) -> np.ndarray:
        """The lower triangle of A diag(weights) Aᵀ (upper triangle zero)."""
        summed = np.bincount(self.flat, self.product * weights[self.level], minlength=self.size**2)
        return summed.reshape(self.size, self.size)
