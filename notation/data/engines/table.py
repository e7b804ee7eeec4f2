"""What an out-of-core engine answers about its rows: the :class:`Table` protocol.

Contract: a :class:`Table` is a data set that stays where it is (DuckDB, a Dask cluster); the census,
the schema and the design ask it only for counts, distinct values with their counts, and the
aggregates of per-row :data:`~notation.data.engines.vectors.Vector` s grouped by raw key columns
(:meth:`Table.aggregate`) — O(groups) results, never O(rows). :class:`Coding` tells an engine how to
compute a vector (column kinds, each factor level's raw value); :class:`Effects` are one
random-effect term's values per level, for the residuals an engine computes on request. Key columns
come back as the data hold them (raw values); mapping them to level codes is the census's job, so every
engine codes levels by the one rule of :mod:`notation.data.columns`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
import sympy as sp

from notation.data.engines.vectors import Request, Vector
from notation.ir import Kind, expression_name

__all__ = ["Coding", "Effects", "FactorLevels", "Table", "factor_name"]


def factor_name(factor: sp.Expr) -> str:
    """The name a factor's levels are kept under (``x``, ``factor(x)``), as :class:`Variables` keeps them."""
    return factor.name if isinstance(factor, sp.Symbol) else expression_name(factor)


@dataclass(frozen=True)
class FactorLevels:
    """A categorical factor's levels in R's order and the data's value of each."""

    labels: tuple[str, ...]
    raw: tuple[object, ...]


@dataclass(frozen=True)
class Coding:
    """How vectors read the columns: each column's kind, each categorical factor's levels."""

    kinds: Mapping[str, Kind]
    levels: Mapping[str, FactorLevels]

    def raw(self, factor: sp.Expr, level: str) -> object:
        levels = self.levels[factor_name(factor)]
        return levels.raw[levels.labels.index(level)]

    @property
    def labels(self) -> dict[str, tuple[str, ...]]:
        return {name: levels.labels for name, levels in self.levels.items()}


@dataclass(frozen=True)
class Effects:
    """One random-effect term's values per level: ``keys`` (raw grouping columns, level order),
    ``values`` (levels × q) and the term's q per-row vectors."""

    columns: tuple[str, ...]
    keys: pd.DataFrame
    values: np.ndarray
    vectors: tuple[Vector, ...]


class Table(Protocol):
    """Rows that stay in their engine; see the module docstring."""

    engine: str

    def kinds(self) -> dict[str, Kind]:
        """Every column's kind, from the engine's types."""
        ...

    def count(self) -> int:
        ...

    def counts(self, names: Sequence[str]) -> tuple[int, dict[str, int], int]:
        """In one pass: all rows, rows with a value (not missing, not NaN) per column, complete rows."""
        ...

    def complete(self, names: Sequence[str]) -> Table:
        """The rows with a value in every column of ``names``."""
        ...

    def distinct(self, keys: Sequence[str]) -> pd.DataFrame:
        """The distinct combinations of ``keys`` (raw values) with their number of rows (``__n``)."""
        ...

    def constant_within(self, keys: Sequence[str], columns: Sequence[str]) -> frozenset[str]:
        """The ``columns`` that take one value within every group of ``keys``."""
        ...

    def aggregate(self, keys: Sequence[str], requests: Sequence[Request], coding: Coding
                  ) -> tuple[pd.DataFrame, np.ndarray]:
        """Per group of ``keys`` (one group without keys): the raw keys and one column per request."""
        ...

    def quantiles(self, vector: Vector, effects: Sequence[Effects], coding: Coding,
                  probabilities: Sequence[float]) -> np.ndarray:
        """Quantiles (R's type 7) of ``vector`` − Σ Z_k b_k over the rows."""
        ...
