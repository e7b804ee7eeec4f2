"""New rows coded as the fitted problem coded its own: what a prediction needs, and nothing fitted.

Contract: :func:`code_new_rows` reads the predictors of ``newdata`` (never the response; grouping
factors only of the random terms predicted with, as lme4's ``re.form``), keeps the complete
rows, and codes them with the factor levels of the fitted data: X in the fitted column order, the
offset, and per random-effect term its columns and each row's level code (−1 for a level the fit
never saw, which lme4's ``allow.new.levels = TRUE`` predicts at 0). A level of a fixed-effect
factor that was not fitted is a :class:`DataError`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import sympy as sp

from notation.data.model_matrix import code_terms
from notation.data.variables import Variables
from notation.design.compile import offset_values
from notation.design.problem import FitProblem
from notation.errors import DataError
from notation.ir import Model, RandomBlock, data_dependent, expression_name, level_label

__all__ = ["NewRows", "code_new_rows"]


@dataclass(frozen=True)
class NewRows:
    """The complete rows of new data, coded; ``complete`` marks them among all rows given."""

    complete: np.ndarray
    X: np.ndarray
    offset: np.ndarray | None
    random: tuple[tuple[np.ndarray, np.ndarray], ...]  # per coded term: (columns, level codes)
    terms: tuple[int, ...] = ()  # which of the problem's random terms ``random`` holds, in order


def code_new_rows(problem: FitProblem, newdata: pd.DataFrame, include_random: bool | Collection[int]
                  ) -> NewRows | None:
    """``newdata`` coded as ``problem``; None when no row is complete (nothing to code).
    ``include_random``: all random terms (True), none (False), or the positions of some in
    ``problem.terms`` (lme4's partial ``re.form``): only their grouping columns are read."""
    model = problem.model
    _check_row_wise(model)
    if include_random is True:
        selected = tuple(range(len(problem.terms)))
    elif include_random is False:
        selected = ()
    else:
        selected = tuple(sorted(set(include_random)))
    used = _columns_read(model, tuple(problem.terms[k].block for k in selected))
    missing = [c for c in used if c not in newdata.columns]
    if missing:
        raise DataError(f"newdata has no column {', '.join(map(repr, missing))}")
    complete = ~newdata[used].isna().any(axis=1).to_numpy()
    if not complete.any():  # an empty frame has no factor columns to select
        return None
    frame = newdata.loc[complete, used]
    variables = Variables(frame, problem.factor_levels)
    _check_levels(variables, problem)
    fixed = code_terms(model.intercept, model.fixed, variables)
    position = {name: k for k, name in enumerate(fixed.names)}
    X = fixed.values[:, [position[name] for name in problem.fixed_names]]
    random = tuple(
        (code_terms(term.block.intercept, term.block.terms, variables).values,
         _group_codes(frame, term.block.grouping, term.levels))
        for term in (problem.terms[k] for k in selected)
    )
    return NewRows(complete, X, offset_values(model, variables), random, selected)


def _check_row_wise(model: Model) -> None:
    """New rows cannot recompute scale()'s centre or poly()'s basis: R keeps the fitted data's (its
    makepredictcall); notation does not yet, and recomputing them on the new rows would be another
    model."""
    factors = [f for t in model.fixed for f in t.factors] + list(model.offsets) + [
        f for b in model.random for t in b.terms for f in t.factors]
    for factor in factors:
        function = data_dependent(factor)
        if function is not None:
            raise DataError(f"cannot code new rows for {expression_name(factor)}: {function}() depends on "
                            "all the fitted rows, and notation does not keep its constants for new data yet",
                            hint="compute the column in the data first (e.g. the centred values), fit, then "
                                 "predict")


def _columns_read(model: Model, blocks: tuple[RandomBlock, ...]) -> list[str]:
    response = {s.name for s in model.response.free_symbols if isinstance(s, sp.Symbol)}
    read = replace(model, random=blocks)
    return sorted(read.variables - response)


def _check_levels(variables: Variables, problem: FitProblem) -> None:
    for term in problem.model.fixed:
        for factor in term.factors:
            value = variables.value(factor)
            codes = getattr(value, "codes", None)
            if codes is not None and np.any(codes < 0):
                fitted = problem.factor_levels.get(str(factor), ())
                raise DataError(f"newdata has a level of {factor} that the model was not fitted to",
                                hint=f"levels fitted: {', '.join(fitted)}")


def _group_codes(frame: pd.DataFrame, grouping: tuple[str, ...], levels: tuple[str, ...]) -> np.ndarray:
    labels = frame[grouping[0]].map(level_label).astype(str)
    for name in grouping[1:]:
        labels = labels + ":" + frame[name].map(level_label).astype(str)
    return pd.Index(levels).get_indexer(pd.Index(labels)).astype(np.int64)  # −1: a level not fitted
