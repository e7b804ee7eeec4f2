"""Predictions for new rows: Xβ̂ plus, optionally, the conditional modes of the levels seen in fitting.

Contract: :func:`predict_rows` asks the design to code ``newdata`` as the fit's own rows were coded
(:func:`~notation.design.new_rows.code_new_rows`); a grouping level that was not fitted contributes
0 (the population prediction), as lme4's ``allow.new.levels = TRUE``; rows with a missing value in a
column the prediction reads get NaN.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from notation.design import FitProblem
from notation.design.new_rows import code_new_rows
from notation.fitting.estimates import Estimates

__all__ = ["predict_rows"]


def predict_rows(problem: FitProblem, estimates: Estimates, newdata: pd.DataFrame,
                 include_random: bool | Collection[int]) -> pd.Series:
    """``include_random``: all random terms, none, or the positions of some (a partial ``re.form``)."""
    out = np.full(len(newdata), np.nan)
    coded = code_new_rows(problem, newdata, include_random)
    if coded is not None:
        values = coded.X @ estimates.beta
        if coded.offset is not None:
            values = values + coded.offset
        effects_used = [estimates.effects[k] for k in coded.terms]
        for (columns, codes), effects in zip(coded.random, effects_used, strict=True):
            seen = codes >= 0
            values[seen] += np.einsum("ij,ij->i", columns[seen], effects[codes[seen]])
        out[coded.complete] = values
    return pd.Series(out, index=newdata.index, name="predicted")
