"""Predictions for new rows: Xβ̂ plus, optionally, the conditional modes of the levels seen in fitting.

Contract: :func:`predict_rows` codes ``newdata`` with the factor levels of the fitted data (a level
of a fixed-effect factor that was not fitted is a DataError); a grouping level that was not
fitted contributes 0 (the population prediction), as lme4's ``allow.new.levels = TRUE``; rows with
a missing value in a column the prediction reads get NaN.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import sympy as sp

from notation.data.model_matrix import code_terms
from notation.data.variables import Variables
from notation.design import FitProblem
from notation.design.compile import offset_values
from notation.errors import DataError
from notation.fitting.estimates import Estimates
from notation.ir import Model, level_label

__all__ = ["predict_rows"]


def predict_rows(problem: FitProblem, estimates: Estimates, newdata: pd.DataFrame, include_random: bool
                 ) -> pd.Series:
    model = problem.model
    used = _columns_read(model, include_random)
    missing = [c for c in used if c not in newdata.columns]
    if missing:
        raise DataError(f"newdata has no column {', '.join(map(repr, missing))}")
    complete = ~newdata[used].isna().any(axis=1).to_numpy()
    if not complete.any():  # nothing to code: an empty frame has no factor columns to select
        return pd.Series(np.full(len(newdata), np.nan), index=newdata.index, name="predicted")
    frame = newdata.loc[complete, used]
    variables = Variables(frame, problem.factor_levels)
    _check_levels(variables, problem)
    fixed = code_terms(model.intercept, model.fixed, variables)
    position = {name: k for k, name in enumerate(fixed.names)}
    X = fixed.values[:, [position[name] for name in problem.fixed_names]]
    values = X @ estimates.beta
    offset = offset_values(model, variables)
    if offset is not None:
        values = values + offset
    if include_random:
        for term, effects in zip(problem.terms, estimates.effects, strict=True):
            columns = code_terms(term.block.intercept, term.block.terms, variables).values
            codes = _group_codes(frame, term.block.grouping, term.levels)
            seen = codes >= 0
            values[seen] += np.einsum("ij,ij->i", columns[seen], effects[codes[seen]])
    out = np.full(len(newdata), np.nan)
    out[complete] = values
    return pd.Series(out, index=newdata.index, name="predicted")


def _columns_read(model: Model, include_random: bool) -> list[str]:
    """The predictors: never the response (``y`` of ``log(y)`` too); grouping factors only with
    the random effects, as lme4's ``re.form = NA`` needs none."""
    response = {s.name for s in model.response.free_symbols if isinstance(s, sp.Symbol)}
    read = model if include_random else replace(model, random=())
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
