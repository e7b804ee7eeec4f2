"""A random-effect term's per-row columns: the term's shape, its grouping codes and model-matrix values.

Contract: a :class:`TermColumns` is one ψ_k of the model after coding, on the rows: ``values`` holds
the q model-matrix entries of every row, ``codes`` the level of every row; Z_k (rows × levels·q,
level-major) is :meth:`TermColumns.matrix`, built on demand. Its row-free part is the
:class:`~notation.design.problem.TermShape` the fitter reads. :func:`crossing` says how far the
terms' grouping factors are nested, from the codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sparse

from notation.data.columns import CodedFactor
from notation.design.problem import TermShape
from notation.ir import RandomBlock

__all__ = ["TermColumns", "crossing"]


@dataclass(frozen=True)
class TermColumns:
    """One random-effect term on the rows: ``(names | group)`` with per-row values (rows × q)."""

    shape: TermShape
    codes: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, group: CodedFactor, names: tuple[str, ...], values: np.ndarray, block: RandomBlock
           ) -> TermColumns:
        return cls(TermShape(group.name, names, group.levels, block), group.codes, values)

    def matrix(self) -> sparse.csr_matrix:
        """Z_k as a sparse matrix, rows × (levels·q), level j's columns at j·q … j·q + q − 1."""
        n, q = self.values.shape
        indices = (self.codes[:, None] * q + np.arange(q)).ravel()
        indptr = np.arange(0, n * q + 1, q)
        return sparse.csr_matrix((self.values.ravel(), indices, indptr), shape=(n, self.shape.size))

    def contributions(self, effects: np.ndarray) -> np.ndarray:
        """Z_k b_k for ``effects`` of shape (levels, q): each row's part of the fitted value."""
        return np.einsum("ij,ij->i", self.values, effects[self.codes])


def crossing(terms: Sequence[TermColumns]) -> np.ndarray:
    """(K, K), entry [f, c] for f < c: the share of term f's levels that meet more than one level of
    term c (0 when f is nested in c). The fitter decides from it whether the later terms stay sparse;
    it is a property of the rows that the Gram blocks do not keep exactly (a zero slope hides a meeting)."""
    shares = np.zeros((len(terms), len(terms)))
    for c, coarser in enumerate(terms):
        for f, finer in enumerate(terms[:c]):
            m = coarser.shape.nlevels
            pairs = pd.unique(finer.codes * m + coarser.codes)
            meets = np.bincount(pairs // m, minlength=finer.shape.nlevels)
            shares[f, c] = float(np.mean(meets > 1))
    return shares
