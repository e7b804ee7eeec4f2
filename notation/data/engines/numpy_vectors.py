"""Per-row vectors on a pandas frame (one Dask partition): the pandas path's own coding, with levels fixed.

Contract: :class:`FrameVectors` evaluates :data:`~notation.data.engines.vectors.Vector` s on a
frame of complete rows through :class:`~notation.data.variables.Variables` with the levels of the
whole data forced (``Coding.labels``), so a partition codes a level, a factor and an expression
exactly as the in-memory fit does; each vector is computed once per frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from notation.data.columns import CodedFactor
from notation.data.engines.table import Coding
from notation.data.engines.vectors import Combination, Request, Shifted, Vector
from notation.data.variables import Variables

__all__ = ["FrameVectors", "request_values"]


class FrameVectors:
    """The vectors of one frame (rows complete in the model's columns)."""

    def __init__(self, frame: pd.DataFrame, coding: Coding) -> None:
        self._variables = Variables(frame, coding.labels)
        self._n = len(frame)
        self._cache: dict[Vector, np.ndarray] = {}

    def __call__(self, vector: Vector) -> np.ndarray:
        if vector not in self._cache:
            self._cache[vector] = self._compute(vector)
        return self._cache[vector]

    def _compute(self, vector: Vector) -> np.ndarray:
        if isinstance(vector, Shifted):
            return (self(vector.vector) - vector.centre) / vector.scale
        if isinstance(vector, Combination):
            total = np.zeros(self._n)
            for coefficient, part in vector.parts:
                total = total + coefficient * self(part)
            return total
        values = np.ones(self._n)
        for factor, level in vector.column.factors:
            value = self._variables.value(factor) if level is not None else self._variables.numeric(factor)
            if isinstance(value, CodedFactor):
                values = values * (value.codes == value.levels.index(level))
            else:
                values = values * value
        return values


def request_values(vectors: FrameVectors, request: Request) -> np.ndarray:
    """What each row adds to ``request``'s aggregate."""
    left = vectors(request.left)
    match request.operation:
        case "sum":
            return left if request.right is None else left * vectors(request.right)
        case "min" | "max":
            return left
        case "maxabs":
            return np.abs(left)
        case "nonfinite":
            return (~np.isfinite(left)).astype(np.float64)
        case "nonbinary":
            return ((left != 0) & (left != 1)).astype(np.float64)
    raise ValueError(request.operation)
