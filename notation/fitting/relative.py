"""θ and the relative covariance factor Λ_θ: layout, bounds, and the small matrices T_k.

Contract: for a term with q columns, θ holds the column-wise lower triangle of its q×q factor T_k
(ψ_k = σ² T_k T_kᵀ); Λ_θ is block-diagonal with one T_k per level. Diagonal entries are bounded
below by 0, off-diagonal ones are free; the start is T_k = I, as lme4.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["ThetaLayout"]


class ThetaLayout:
    """Where each term's T_k lives in θ."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = tuple(sizes)
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self.offsets: list[int] = []
        start = 0
        for q in self.sizes:
            cols, rows = np.triu_indices(q)  # column-wise lower triangle: (0,0), (1,0), …, (1,1), …
            self._rows.append(rows)
            self._cols.append(cols)
            self.offsets.append(start)
            start += len(rows)
        self.length = start

    def start(self) -> np.ndarray:
        pairs = zip(self._rows, self._cols, strict=True)
        return np.concatenate([(r == c).astype(np.float64) for r, c in pairs])

    def lower_bounds(self) -> np.ndarray:
        pairs = zip(self._rows, self._cols, strict=True)
        return np.concatenate([np.where(r == c, 0.0, -np.inf) for r, c in pairs])

    def factors(self, theta: np.ndarray) -> list[np.ndarray]:
        """T_k for every term."""
        out = []
        for q, rows, cols, offset in zip(self.sizes, self._rows, self._cols, self.offsets, strict=True):
            T = np.zeros((q, q))
            T[rows, cols] = theta[offset:offset + len(rows)]
            out.append(T)
        return out

    def diagonal(self) -> np.ndarray:
        """Positions in θ of the diagonal entries (those bounded by 0)."""
        return np.flatnonzero(self.lower_bounds() == 0.0)
