"""Treatment contrasts made visible: a formula's factor terms → one term per model-matrix column.

Contract: :func:`with_contrasts` returns a model and data for display. Each fixed term that reads
a categorical column (strings, categoricals, logicals, as lme4 decides) becomes one term per
column lme4 codes for it — treatment contrasts (first level dropped) when the term without that
factor is in the model, else one indicator per level — named as lme4 names the column
(``recipeB``, ``recipeB:temp``, ``factor(wave)2`` — ``factor(x)`` is categorical whatever ``x``
holds, its numbers sorted numerically as R's ``factor()``); the data gains those 0/1 columns, so
levels can still be inferred. Each contrast then has its own coefficient symbol, and an estimate
named ``recipeB`` lands on it. Numeric columns, offsets and random blocks are unchanged.
"""

from __future__ import annotations

import itertools

import pandas as pd
import sympy as sp

from notation.ir import Model, Term, categorical_column, expression_name, level_label

__all__ = ["with_contrasts"]


def with_contrasts(model: Model, data: pd.DataFrame) -> tuple[Model, pd.DataFrame]:
    """The display model and data; see the module docstring."""
    present: set[frozenset[sp.Expr]] = {t.key for t in model.fixed}
    if model.intercept:
        present.add(frozenset())
    indicators: dict[str, pd.Series] = {}
    fixed: list[Term] = []
    for term in model.fixed:
        choices: list[list[tuple[sp.Expr, str | None]]] = []
        for factor in term.factors:
            levels = _levels(data, factor)
            if levels is None:
                choices.append([(factor, None)])
                continue
            kept = levels[1:] if term.key - {factor} in present else levels
            choices.append([(factor, level) for level in kept])
        for combination in itertools.product(*choices):
            fixed.append(Term(tuple(_indicator(factor, level, data, indicators)
                                    for factor, level in combination)))
    if not indicators:
        return model, data
    display = Model(model.response, model.intercept, tuple(fixed), model.random, model.offsets,
                    model.residual)
    return display, data.assign(**indicators)


def _indicator(factor: sp.Expr, level: str | None, data: pd.DataFrame,
               indicators: dict[str, pd.Series]) -> sp.Expr:
    column = _column(factor)
    if level is None or column is None:
        return factor
    name = f"{column if isinstance(factor, sp.Symbol) else expression_name(factor)}{level}"
    indicators[name] = (data[column].map(level_label) == level).astype(float)
    return sp.Symbol(name)


def _column(factor: sp.Expr) -> str | None:
    """The data column a factor reads as it is: ``x`` or ``factor(x)``; None for arithmetic."""
    return factor.name if isinstance(factor, sp.Symbol) else categorical_column(factor)


def _levels(data: pd.DataFrame, factor: sp.Expr) -> tuple[str, ...] | None:
    """R's levels of a categorical column, in R's order; None for a numeric column."""
    column = _column(factor)
    if column is None or column not in data.columns:
        return None
    series = data[column].dropna()
    if pd.api.types.is_bool_dtype(series.dtype):
        return ("FALSE", "TRUE")
    if pd.api.types.is_numeric_dtype(series.dtype):  # a number is a level only inside factor()
        if isinstance(factor, sp.Symbol):
            return None
        return tuple(level_label(v) for v in sorted(series.unique()))
    if isinstance(series.dtype, pd.CategoricalDtype):
        return tuple(level_label(c) for c in series.cat.remove_unused_categories().cat.categories)
    return tuple(sorted({level_label(v) for v in series}))


