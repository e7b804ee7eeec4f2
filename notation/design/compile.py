"""Model + DataFrame → :class:`~notation.design.problem.FitProblem` (Gram blocks, term shapes, rows).

Contract: :func:`compile_design` reads only the columns the model uses, drops rows with a missing
value in any of them (counted in ``messages``), subtracts ``offset(...)`` terms from the response,
codes fixed and random terms with R's treatment contrasts and lme4's names, drops rank-deficient
X columns with lme4's message, sorts random terms
by number of levels as lme4 does (:func:`lme4_order`), applies lme4's checks on grouping
factors, and builds the Gram blocks of [Z X y]; the problem keeps the coded rows too. Bad data
raises :class:`DataError` saying what, where and how to fix it; nothing is silently coerced.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd

from notation.design.coding import code_terms
from notation.design.gram import gram_blocks
from notation.design.problem import FitProblem, Rows, Statistics, TermShape
from notation.design.rank import independent_columns, rank_message, scale_message
from notation.design.terms import TermColumns, crossing
from notation.design.variables import Variables
from notation.errors import DataError, SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, SpecLike, as_spec

__all__ = ["compile_design", "offset_values"]

_LARGEST = 1e150


def compile_design(spec: SpecLike, data: pd.DataFrame) -> FitProblem:
    """Compile ``spec``'s model on ``data``; see the module docstring."""
    model = as_spec(spec).model
    if not model.random:
        raise SpecMeaningError("the model has no random-effect terms",
                               hint="add a term such as (1 | group); for a plain linear model use lm()")
    frame, messages = _complete_rows(as_spec(spec), data)
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
    gram = gram_blocks(columns, X, rows.fitted_part(y))  # the model is fitted to y − offset
    statistics = Statistics(gram, terms, names, len(y), crossing(columns))
    return FitProblem(statistics, model.response_name, model, dict(variables.factor_levels),
                      tuple(messages), rows)


def lme4_order(terms: list[TermColumns]) -> list[TermColumns]:
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


def _complete_rows(spec: Spec, data: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    used = sorted(spec.model.variables)
    missing = [c for c in used if c not in data.columns]
    if missing:
        shown = ", ".join(map(repr, list(data.columns)[:12]))
        raise DataError(f"the data have no column {', '.join(map(repr, missing))}",
                        hint=_unnamed_index_hint(spec, missing) or f"columns available: {shown}")
    repeated = [c for c in used if np.count_nonzero(data.columns == c) > 1]
    if repeated:
        raise DataError(f"the data have {np.count_nonzero(data.columns == repeated[0])} columns named "
                        f"{repeated[0]!r}", hint="rename the columns so that each name is used once")
    frame = data[used]
    empty = [c for c in used if frame[c].isna().all()]
    if empty:
        raise DataError(f"column {empty[0]!r} has no values (all missing)",
                        hint="fill in the column or leave it out of the model")
    incomplete = frame.isna().any(axis=1).to_numpy()
    messages: list[str] = []
    if incomplete.any():
        frame = frame[~incomplete]
        messages.append(f"dropped {int(incomplete.sum())} row(s) with missing values")
        if frame.empty:
            raise DataError("no row has values for every variable of the model",
                            hint="the model's columns have missing values in different rows")
    return frame, messages


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



def _unnamed_index_hint(spec: Spec, missing: list[str]) -> str | None:
    """An equation index whose column was never named stands for itself: say how to name it."""
    system = spec.system
    letters = {i.letter for i in system.indices if i.column == i.letter} if system else set()
    letter = next((c for c in missing if c in letters), None)
    if letter is None:
        return None
    return (f"{letter!r} is an equation index: name its data column with --index {letter}=COLUMN "
            f"(Python: parse_spec(text, index={{{letter!r}: COLUMN}}))")
