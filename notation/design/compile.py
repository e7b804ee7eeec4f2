"""Model + DataFrame → :class:`~notation.design.problem.FitProblem` (Gram blocks, term shapes, rows).

Contract: :func:`compile_design` reads only the columns the model uses, drops rows with a missing
value in any of them (counted in ``messages``), subtracts ``offset(...)`` terms from the response,
codes fixed and random terms with R's treatment contrasts and lme4's names, drops rank-deficient
X columns with lme4's message, sorts random terms
by number of levels as lme4 does (:func:`lme4_order`), applies lme4's checks on grouping
factors, and builds the Gram blocks of [Z X̃ ỹ] (X and y centred and scaled:
:mod:`notation.design.standardize`); the problem keeps the coded rows too. Bad data
raises :class:`DataError` saying what, where and how to fix it; nothing is silently coerced.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Protocol, TypeVar

import numpy as np
import pandas as pd

from notation.data.model_matrix import code_terms
from notation.data.rank import independent_columns, rank_message, scale_message
from notation.data.rows import complete_rows
from notation.data.variables import Variables
from notation.design.gram import gram_blocks
from notation.design.problem import FitProblem, Rows, Statistics, TermShape
from notation.design.standardize import standardize
from notation.design.terms import TermColumns, crossing
from notation.errors import DataError, SpecMeaningError
from notation.ir import Model, RandomBlock, SpecLike, as_spec

__all__ = ["compile_design", "offset_values"]

_LARGEST = 1e150


def compile_design(spec: SpecLike, data: pd.DataFrame) -> FitProblem:
    """Compile ``spec``'s model on ``data``; see the module docstring."""
    model = as_spec(spec).model
    if not model.random:
        raise SpecMeaningError("the model has no random-effect terms",
                               hint="add a term such as (1 | group); for a plain linear model use lm()")
    frame, messages = complete_rows(spec, data)
    variables = Variables(frame)
    y = variables.numeric(model.response)
    if np.ptp(y) == 0:
        raise DataError(f"the response {model.response_name!r} is constant ({y[0]:g}) on all {len(y)} rows",
                        hint="a mixed model needs a response that varies")
    fixed = code_terms(model.intercept, model.fixed, variables)
    _check_magnitude(model.response_name, y)
    for name, column in zip(fixed.names, fixed.values.T, strict=True):
        _check_magnitude(name, column)
    keep = independent_columns(fixed.values)
    X, names = fixed.values, fixed.names
    if len(keep) < len(names):
        messages.append(rank_message(len(names) - len(keep)))
        X, names = np.ascontiguousarray(X[:, keep]), tuple(names[k] for k in keep)
    scale = scale_message(X)
    if scale:
        messages.append(scale)
    columns = lme4_order([_random_term(b, variables) for b in model.random])
    terms = tuple(c.shape for c in columns)
    _check_levels(terms, len(y))
    offset = offset_values(model, variables)
    rows = Rows(frame.index, y, X, tuple(columns), offset)
    fitted = rows.fitted_part(y)  # the model is fitted to y − offset
    scaling = standardize(X, fitted)  # the Gram blocks of centred, scaled [X y]: see standardize.py
    gram = gram_blocks(columns, scaling.columns(X), scaling.response(X, fitted))
    statistics = Statistics(gram, terms, names, len(y), crossing(columns), scaling)
    return FitProblem(statistics, model.response_name, model, dict(variables.factor_levels),
                      tuple(messages), rows)


class _Shaped(Protocol):
    @property
    def shape(self) -> TermShape: ...


_Term = TypeVar("_Term", bound=_Shaped)


def lme4_order(terms: list[_Term]) -> list[_Term]:
    """lme4's ``mkReTrms``: unless the terms already have non-increasing numbers of levels, they are
    put in ``rev(order(nl))`` — most levels first, and terms with equal numbers in reverse order."""
    levels = [t.shape.nlevels for t in terms]
    if all(a >= b for a, b in pairwise(levels)):
        return terms
    ascending = sorted(range(len(terms)), key=lambda k: levels[k])  # stable, as R's order()
    return [terms[k] for k in reversed(ascending)]


def offset_values(model: Model, variables: Variables) -> np.ndarray | None:
    """The sum of the model's ``offset(...)`` expressions on the rows, or None without any."""
    if not model.offsets:
        return None
    return np.sum([variables.numeric(o) for o in model.offsets], axis=0)


def _check_magnitude(name: str, values: np.ndarray) -> None:
    """Sums of squares of values beyond 1e150 overflow float64: the Gram matrix would be infinite."""
    largest = float(np.max(np.abs(values))) if len(values) else 0.0
    if largest > _LARGEST:
        raise DataError(f"{name!r} has values as large as {largest:.3g}: "
                        "their squares overflow double precision",
                        hint=f"rescale {name!r} (e.g. divide it by a power of ten) before fitting")


def _random_term(block: RandomBlock, variables: Variables) -> TermColumns:
    columns = code_terms(block.intercept, block.terms, variables)
    return TermColumns.of(variables.grouping(block.grouping), columns.names, columns.values, block)


def _check_levels(terms: tuple[TermShape, ...], nobs: int) -> None:
    """lme4's checks: > 1 level, fewer levels than observations, fewer effects than observations."""
    for term in terms:
        name = term.grouping
        if term.nlevels <= 1:
            raise DataError(f"grouping factor {name!r} has {term.nlevels} level: "
                            "grouping factors must have > 1 sampled level",
                            hint=f"a random effect needs several groups; drop the ( | {name}) term")
        if term.nlevels >= nobs:
            raise DataError(f"number of levels of each grouping factor must be < number of observations "
                            f"({name!r} has {term.nlevels} levels for {nobs} observations)",
                            hint=f"with one observation per {name} the random effect and the residual "
                                 "cannot be told apart")
        if term.size >= nobs:
            raise DataError(f"number of observations (={nobs}) <= number of random effects (={term.size}) "
                            f"for term ({term.written})",
                            hint="the random-effects parameters and the residual variance are "
                                 "unidentifiable; simplify the random part")
