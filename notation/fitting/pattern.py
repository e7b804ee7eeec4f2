"""The fixed sparsity pattern of A_r1 W A_1r when the first term has one column per level.

Contract: with q₁ = 1, eliminating the first term subtracts Σⱼ wⱼ aⱼaⱼᵀ from the crossed part of the
rest (aⱼ: column j of [Z₂ … Z_K]ᵀZ₁). The weight wⱼ = θ²/(θ²dⱼ + 1) depends on level j only through
dⱼ = (Z₁ᵀZ₁)ⱼⱼ — for a random intercept, the level's count, which takes few distinct values. So
:class:`CrossPattern` sums, once, the products aⱼ[r]aⱼ[c] (lower triangle) of all levels sharing a
value of dⱼ, into a sparse matrix with one row per position r·N + c and one column per value; each
evaluation is then one sparse matrix–vector product (InstEval: 1.8 M products merge into 1.1 M,
read in memory order — 3× faster than a weighted ``np.bincount`` over the unmerged pairs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

try:
    # y += A·x in place (scipy's own kernel behind ``A @ x``): subtracts into the workspace without
    # materialising the N×N product and a second pass over it. Private, hence the public fallback.
    from scipy.sparse._sparsetools import csr_matvec
except ImportError:  # pragma: no cover - depends on the installed SciPy
    csr_matvec = None

__all__ = ["CrossPattern"]


@dataclass(frozen=True)
class CrossPattern:
    """Summed products per (position in the lower triangle, class of dⱼ)."""

    products: sparse.csr_matrix  # (stride², classes); row r·stride + c
    representative: np.ndarray  # one level of each class

    @classmethod
    def of(cls, rest_first: sparse.csr_matrix, diagonal: np.ndarray, stride: int) -> CrossPattern:
        """The pattern of ``rest_first`` (N × levels) laid out in a row-major matrix of width ``stride``."""
        values, first_level, level_class = np.unique(diagonal, return_index=True, return_inverse=True)
        # levels in class order, so that every row of the result receives its classes in order
        by_class = np.argsort(level_class, kind="stable")
        A = rest_first.tocsc()[:, by_class]
        A.sort_indices()
        level_class = level_class[by_class]
        # every nonzero pairs with itself and the nonzeros above it in its column (int32: 10⁶s of pairs)
        counts = np.diff(A.indptr)
        column_start = np.repeat(A.indptr[:-1].astype(np.int32), counts)
        partners = np.arange(A.nnz, dtype=np.int32) - column_start + 1
        later = np.repeat(np.arange(A.nnz, dtype=np.int32), partners)
        first_pair = (np.cumsum(partners) - partners).astype(np.int32)
        rank_in_pairs = np.arange(later.size, dtype=np.int32) - np.repeat(first_pair, partners)
        earlier = column_start[later] + rank_in_pairs
        del first_pair, partners, rank_in_pairs
        flat = A.indices[later].astype(np.int32) * np.int32(stride) + A.indices[earlier]  # stride² < 2³¹
        klass = level_class.astype(np.int32)[np.repeat(np.arange(A.shape[1]), counts)][later]
        products = A.data[later] * A.data[earlier]
        del later, earlier
        # coo → csr sums duplicates with a counting sort: no comparison sort of the 10⁶ pairs
        matrix = sparse.coo_matrix((products, (flat, klass)), shape=(stride * stride, values.size))
        return cls(sparse.csr_matrix(matrix), first_level)

    def with_stride(self, stride: int) -> CrossPattern:
        """The same products laid out in a matrix of width ``stride`` (the rest with fewer or more
        [X y] columns after it, e.g. a fixed effect moved into the response): positions r·N + c
        keep their order, so only the row pointers move — no products are recomputed."""
        old = math.isqrt(self.products.shape[0])
        if stride == old:
            return self
        counts = np.diff(self.products.indptr)
        filled = np.flatnonzero(counts)
        rows, cols = np.divmod(filled, old)
        if filled.size and max(int(rows.max()), int(cols.max())) >= stride:
            raise ValueError(f"a pattern of {old} columns does not fit a stride of {stride}")
        moved = np.zeros(stride * stride, dtype=self.products.indptr.dtype)
        moved[rows * stride + cols] = counts[filled]
        indptr = np.concatenate([[0], np.cumsum(moved)]).astype(self.products.indptr.dtype)
        products = sparse.csr_matrix((self.products.data, self.products.indices, indptr),
                                     shape=(stride * stride, self.products.shape[1]))
        return CrossPattern(products, self.representative)

    def subtract_lower_product(self, S: np.ndarray, weights: np.ndarray) -> None:
        """S −= A diag(weights) Aᵀ on the lower triangle, in place; weights per level, S C-contiguous."""
        flat = S.reshape(-1)
        if csr_matvec is None:
            flat -= self.products @ weights[self.representative]
            return
        rows, columns = self.products.shape
        csr_matvec(rows, columns, self.products.indptr, self.products.indices, self.products.data,
                   -weights[self.representative], flat)
