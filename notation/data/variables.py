"""The values of a model's variables on the rows kept: numeric vectors, factors, grouping factors.

Contract: :class:`Variables` wraps a DataFrame whose rows with missing values were already dropped
and answers, for a SymPy factor expression of a term, either a :class:`CodedFactor` (a categorical
column) or a float64 vector (a numeric column, or ``log(x)``, ``x**2``… evaluated on the numeric
columns by :func:`~notation.data.evaluate.evaluate`, which walks the tree and executes nothing).
``factor(x)`` is a factor whatever the dtype of ``x`` (numbers become levels sorted numerically, as
R's ``factor()``: 1, 2, 10), its levels kept under the name ``factor(x)``. Grouping factors, and
interactions ``a:b`` of them, are always factors; an interaction's levels
are the observed combinations ordered with the first factor slowest, labelled ``a:b`` as lme4.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import sympy as sp

from notation.data.columns import CodedFactor, factor_column, numeric_column
from notation.data.evaluate import evaluate
from notation.data.kinds import column_kind
from notation.errors import DataError
from notation.ir import categorical_source, expression_name

__all__ = ["Variables"]


class Variables:
    """Resolve factor expressions and grouping factors against the kept rows."""

    def __init__(self, frame: pd.DataFrame, levels: dict[str, tuple[str, ...]] | None = None) -> None:
        self._frame = frame
        self._levels = levels or {}  # forced factor levels: those of the fitted data, for prediction
        self.factor_levels: dict[str, tuple[str, ...]] = {}  # levels of the factor variables resolved
        self.value = cache(self._value)
        self.grouping = cache(self._grouping)

    @property
    def nrows(self) -> int:
        return len(self._frame)

    def levels(self, expr: sp.Expr) -> tuple[str, ...] | None:
        """The factor's levels when it reads a categorical column, None when it is numeric."""
        value = self.value(expr)
        return value.levels if isinstance(value, CodedFactor) else None

    def _value(self, expr: sp.Expr) -> CodedFactor | np.ndarray:
        column = categorical_source(expr, lambda name: column_kind(self._frame[name]))
        if column is not None:  # a bare column keeps its name, factor(x) is named factor(x)
            name = expr.name if isinstance(expr, sp.Symbol) else expression_name(expr)
            return self._categorical(name, self._frame[column])
        if isinstance(expr, sp.Symbol):
            return numeric_column(expr.name, self._frame[expr.name])
        return self.numeric(expr)

    def _categorical(self, name: str, series: pd.Series) -> CodedFactor:
        # a text column is a factor whatever its values, as R's: STAR's grade is K, 1, 2, 3
        factor = factor_column(name, series, self._levels.get(name))
        self.factor_levels[name] = factor.levels
        return factor

    def numeric(self, expr: sp.Expr) -> np.ndarray:
        """``expr`` evaluated on the numeric columns it reads; DataError where it is not finite."""
        columns = {s.name: numeric_column(s.name, self._frame[s.name]) for s in expr.free_symbols
                   if isinstance(s, sp.Symbol)}
        with np.errstate(all="ignore"):
            result = evaluate(expr, columns)
        result = np.asarray(result, dtype=np.float64)
        values = result if result.ndim == 2 else np.broadcast_to(result, (self.nrows,))
        finite = np.isfinite(values)
        # poly(x, 2): a row is bad when any of its columns is
        bad = np.logical_not(finite.all(axis=1) if finite.ndim == 2 else finite)
        if bad.any():
            row = self._frame.index[int(np.flatnonzero(bad)[0])]
            raise DataError(f"{expression_name(expr)} is not finite in {int(bad.sum())} row(s) "
                            f"(first: row {row})",
                            hint="check the variable's range (log needs positive values, sqrt non-negative)")
        return np.ascontiguousarray(values)

    def _grouping(self, names: tuple[str, ...]) -> CodedFactor:
        parts = [factor_column(n, self._frame[n]) for n in names]
        label = ":".join(names)
        if len(parts) == 1:
            return CodedFactor(label, parts[0].codes, parts[0].levels)
        # Combine one factor at a time and renumber the observed combinations densely after each, so
        # that codes stay below rows × levels: a product of all the level counts overflows int64 with
        # 64 two-level factors. The order is lexicographic, the first factor slowest, as lme4's.
        codes = np.zeros(self.nrows, dtype=np.int64)
        for part in parts:
            codes = pd.factorize(codes * part.nlevels + part.codes, sort=True)[0].astype(np.int64)
        first_row = np.unique(codes, return_index=True)[1]  # a row of each combination, in code order
        labels = tuple(":".join(part.levels[part.codes[row]] for part in parts) for row in first_row)
        return CodedFactor(label, codes, labels)
