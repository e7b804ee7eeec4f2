"""Concrete sizes of X and Z from a DataFrame, counted the way lme4's model.matrix codes columns.

Contract: :func:`fixed_column_count` is p (intercept, numeric terms, treatment contrasts for
string, categorical and boolean columns), :func:`random_column_count` is q of one block and
:func:`level_count` is J of one grouping factor (``a:b`` counts the observed combinations).
A categorical factor in a term takes k−1 columns when the term without it is in the model
(R's rule for contrasts), else all k; ``factor(x)`` is categorical whatever ``x`` holds. Counting
uses pandas only; a missing column is a DataError.
"""

from __future__ import annotations

import pandas as pd
import sympy as sp

from notation.errors import DataError
from notation.ir import Model, RandomBlock, Term, categorical_column

__all__ = ["complete_rows", "fixed_column_count", "level_count", "random_column_count"]


def _column(data: pd.DataFrame, name: str) -> pd.Series:
    if name not in data.columns:
        raise DataError(f"the data have no column {name!r}",
                        hint=f"columns are: {', '.join(map(str, data.columns))}")
    return data[name]


def complete_rows(model: Model, data: pd.DataFrame) -> pd.DataFrame:
    """The rows lme4 keeps: complete on every column the model reads."""
    names = sorted(model.variables)
    for name in names:
        _column(data, name)
    return data.dropna(subset=names)


def _levels(data: pd.DataFrame, factor: sp.Expr) -> int | None:
    """Number of levels if ``factor`` is a categorical column, None if it is numeric."""
    column = categorical_column(factor)
    if column is not None:
        return int(_column(data, column).nunique())
    if not isinstance(factor, sp.Symbol):
        return None
    series = _column(data, factor.name)
    numeric = pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)
    return None if numeric else int(series.nunique())


def _term_columns(term: Term, siblings: frozenset[Term], intercept: bool, data: pd.DataFrame) -> int:
    count = 1
    for factor in term.factors:
        levels = _levels(data, factor)
        if levels is None:
            continue
        rest = [f for f in term.factors if f != factor]
        margin_present = (Term(tuple(rest)) in siblings) if rest else intercept
        count *= levels - 1 if margin_present else levels
    return count


def fixed_column_count(model: Model, data: pd.DataFrame) -> int:
    """p: the number of columns of X."""
    siblings = frozenset(model.fixed)
    return int(model.intercept) + sum(_term_columns(t, siblings, model.intercept, data) for t in model.fixed)


def random_column_count(block: RandomBlock, data: pd.DataFrame) -> int:
    """q of one block: the number of columns of its Z_j."""
    siblings = frozenset(block.terms)
    return int(block.intercept) + sum(_term_columns(t, siblings, block.intercept, data) for t in block.terms)


def level_count(grouping: tuple[str, ...], data: pd.DataFrame) -> int:
    """J: the number of observed levels of a grouping factor (combinations for ``a:b``)."""
    columns = [_column(data, g) for g in grouping]
    return int(pd.concat(columns, axis=1).drop_duplicates().shape[0])
