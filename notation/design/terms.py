"""A random-effect term of the compiled design: grouping factor, column names, per-row values.

Contract: a :class:`RandomTerm` is one ψ_k of the model (one :class:`~notation.ir.RandomBlock`)
after coding: ``values`` holds the q model-matrix entries of every row, ``group`` the level of
every row; Z_k (rows × levels·q, level-major) is :meth:`RandomTerm.matrix`, built on demand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from notation.data.columns import Factor
from notation.ir import RandomBlock

__all__ = ["RandomTerm"]


@dataclass(frozen=True)
class RandomTerm:
    """One random-effect term: ``(names | group)`` with per-row values (rows × q)."""

    group: Factor
    names: tuple[str, ...]
    values: np.ndarray
    block: RandomBlock

    @property
    def q(self) -> int:
        return len(self.names)

    @property
    def nlevels(self) -> int:
        return self.group.nlevels

    @property
    def size(self) -> int:
        """Number of random effects: levels × columns."""
        return self.nlevels * self.q

    @property
    def written(self) -> str:
        """The term as a formula writes it: ``1 + x | g``."""
        block = self.block
        columns = ["1" if block.intercept else "0"] + [t.label for t in block.terms]
        return f"{' + '.join(columns)} | {block.group_label}"

    def matrix(self) -> sparse.csr_matrix:
        """Z_k as a sparse matrix, rows × (levels·q), level j's columns at j·q … j·q + q − 1."""
        n, q = self.values.shape
        indices = (self.group.codes[:, None] * q + np.arange(q)).ravel()
        indptr = np.arange(0, n * q + 1, q)
        return sparse.csr_matrix((self.values.ravel(), indices, indptr), shape=(n, self.size))

    def contributions(self, effects: np.ndarray) -> np.ndarray:
        """Z_k b_k for ``effects`` of shape (levels, q): each row's part of the fitted value."""
        return np.einsum("ij,ij->i", self.values, effects[self.group.codes])
