"""The first pass over an engine's rows: what the model's columns are and which levels they take.

Contract: :func:`take_census` checks the model's columns as :func:`~notation.data.rows.complete_rows`
does (missing, all-missing, no complete row; the same messages), counts the rows lme4 drops for
missing values, and finds on the complete rows every categorical factor's levels and every grouping
factor's levels and group sizes — by asking the engine for distinct values with their counts and
ordering them with the pandas path's own rule (:func:`~notation.data.columns.factor_column` on the
distinct values), so each engine's levels are the in-memory fit's. Interactions ``a:b`` of grouping
factors are their observed combinations, the first factor slowest, as :class:`Variables` orders them.
Expressions whose value depends on every row at once (``scale()``, ``poly()``, splines) cannot be
computed from sums and are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sympy as sp

from notation.data.columns import factor_column
from notation.data.engines.table import Coding, FactorLevels, Table, factor_name
from notation.data.rows import no_column_error
from notation.errors import DataError
from notation.ir import (
    Kind,
    Model,
    SpecLike,
    as_spec,
    categorical_source,
    data_dependent,
    expression_name,
    matrix_columns,
)

__all__ = ["Census", "GroupingLevels", "factor_levels", "grouping_levels", "take_census"]


@dataclass(frozen=True)
class GroupingLevels:
    """A grouping factor's levels: labels, rows per level, and the raw key values of each level."""

    columns: tuple[str, ...]
    labels: tuple[str, ...]
    sizes: np.ndarray
    keys: pd.DataFrame  # one row per level, in level order: the data's values of ``columns``

    @property
    def label(self) -> str:
        return ":".join(self.columns)

    @property
    def nlevels(self) -> int:
        return len(self.labels)

    def codes(self, keys: pd.DataFrame) -> np.ndarray:
        """The level of each row of raw ``keys`` (columns named as the grouping's)."""
        mine = self.keys
        if len(self.columns) == 1:
            index = pd.Index(mine[self.columns[0]])
            found = index.get_indexer(pd.Index(keys[self.columns[0]]))
        else:
            index = pd.MultiIndex.from_frame(mine[list(self.columns)])
            found = index.get_indexer(pd.MultiIndex.from_frame(keys[list(self.columns)]))
        if np.any(found < 0):
            raise DataError(f"the rows changed while they were read: a level of {self.label!r} appeared "
                            "that the first pass did not see", hint="fit data that do not change meanwhile")
        return found.astype(np.int64)


@dataclass(frozen=True)
class Census:
    """The model's columns on an engine's complete rows."""

    table: Table  # the complete rows
    kinds: dict[str, Kind]
    nobs: int
    dropped: int
    factors: dict[str, FactorLevels]
    groupings: dict[tuple[str, ...], GroupingLevels]
    messages: tuple[str, ...] = field(default=())

    def levels(self, factor: sp.Expr) -> tuple[str, ...] | None:
        """A term factor's levels when it is categorical (for :func:`notation.ir.code_terms`)."""
        if categorical_source(factor, self.kinds.__getitem__) is None:
            return None
        return self.factors[factor_name(factor)].labels

    @property
    def coding(self) -> Coding:
        return Coding(self.kinds, self.factors)

    def grouping(self, columns: tuple[str, ...]) -> GroupingLevels:
        for key, levels in self.groupings.items():
            if frozenset(key) == frozenset(columns):
                return levels
        raise KeyError(columns)


def take_census(spec: SpecLike, table: Table, groupings: bool = True) -> Census:
    """The first pass; see the module docstring. Without ``groupings`` the grouping factors' levels are
    left to the caller (:func:`grouping_levels` of a later ``GROUP BY`` that counts the rows too)."""
    spec = as_spec(spec)
    model = spec.model
    used = sorted(model.variables)
    kinds = table.kinds()
    missing = [c for c in used if c not in kinds]
    if missing:
        raise no_column_error(spec, missing, list(kinds))
    _refuse_row_wise(model)
    total, present, nobs = table.counts(used)
    empty = [c for c in used if present[c] == 0]
    if empty:
        raise DataError(f"column {empty[0]!r} has no values (all missing)",
                        hint="fill in the column or leave it out of the model")
    complete = table.complete(used)
    messages = []
    if nobs < total:
        messages.append(f"dropped {total - nobs} row(s) with missing values")
        if nobs == 0:
            raise DataError("no row has values for every variable of the model",
                            hint="the model's columns have missing values in different rows")
    kinds = {c: kinds[c] for c in used}
    factors = {}
    for factor in _term_factors(model):
        source = categorical_source(factor, kinds.__getitem__)
        name = factor_name(factor)
        if source is not None and name not in factors:
            factors[name] = factor_levels(name, complete.distinct((source,))[source], kinds[source])
    found = {g: grouping_levels(g, complete.distinct(g), kinds) for g in model.groupings} if groupings else {}
    return Census(complete, kinds, nobs, total - nobs, factors, found, tuple(messages))


def _term_factors(model: Model) -> list[sp.Expr]:
    terms = [*model.fixed, *(t for block in model.random for t in block.terms)]
    return [f for t in terms for f in t.factors]


def _refuse_row_wise(model: Model) -> None:
    """``scale(x)``, ``poly(x, 2)``, splines need every row at once; sums over the rows cannot give them."""
    factors = [*_term_factors(model), model.response, *model.offsets]
    for factor in factors:
        function = data_dependent(factor) or (factor.func.__name__ if matrix_columns(factor) else None)
        if function is not None:
            raise DataError(f"{expression_name(factor)} depends on all the rows at once ({function}() "
                            "of the whole column), which an out-of-core engine does not compute",
                            hint="compute the column in the data first, or fit with --engine pandas")


def _typed(values: pd.Series, kind: Kind) -> pd.Series:
    """Distinct values as the pandas path holds the column: dates as dates, numbers as numbers."""
    if kind == "date":
        return pd.Series(pd.to_datetime(values).dt.date, dtype=object)
    if kind == "logical":
        return values.astype(bool)
    if kind == "text":
        return values.astype(object)
    return values


def factor_levels(name: str, values: pd.Series, kind: Kind) -> FactorLevels:
    values = values.reset_index(drop=True)
    coded = factor_column(name, _typed(values, kind))
    raw: list[object] = [None] * coded.nlevels
    for row, code in enumerate(coded.codes):
        raw[code] = values.iloc[row]
    return FactorLevels(coded.levels, tuple(raw))


def grouping_levels(columns: tuple[str, ...], combinations: pd.DataFrame, kinds: dict[str, Kind]
                    ) -> GroupingLevels:
    """A grouping factor's levels from its observed combinations of ``columns`` and their row counts
    (``__n``), ordered as :class:`Variables` orders them."""
    combinations = combinations.reset_index(drop=True)
    parts = [factor_column(c, _typed(combinations[c], kinds[c])) for c in columns]
    order = np.lexsort([p.codes for p in reversed(parts)])  # the first factor slowest
    combinations = combinations.iloc[order].reset_index(drop=True)
    if len(parts) == 1:  # each value once: the sorted codes are 0 … m − 1
        labels = parts[0].levels
    else:
        labels = tuple(":".join(p.levels[p.codes[row]] for p in parts) for row in order)
    return GroupingLevels(columns, labels, combinations["__n"].to_numpy(dtype=np.int64),
                          combinations[list(columns)])
