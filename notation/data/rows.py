"""The rows a model is fitted to: lme4 drops every row with a missing value in a model column.

Contract: :func:`complete_rows` returns the model's columns on its complete rows and the message
saying how many rows were dropped, or raises :class:`DataError` for a column the data lack (naming
``--index`` when the column is an equation index never mapped), a name used by two columns, a
column with no values, or no complete row at all. A name the data lack that R finds in its base
environment instead (``pi``, as in ``sin(2 * pi * Time)``) is that constant, as in R; a column of the
data with that name wins, as in R. The design and the schema both start here, so their N agree.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from notation.errors import DataError
from notation.ir import Model, Spec, SpecLike, as_spec, data_dependent, expression_name

__all__ = ["R_CONSTANTS", "complete_rows", "no_column_error"]

# R's base constants a formula may use when the data have no column of that name
R_CONSTANTS = {"pi": math.pi}


def complete_rows(spec: SpecLike, data: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The model's columns on its complete rows, and lme4's message on the rows dropped."""
    spec = as_spec(spec)
    used = sorted(spec.model.variables)
    constants = {c: R_CONSTANTS[c] for c in used if c in R_CONSTANTS and c not in data.columns}
    used = [c for c in used if c not in constants]
    missing = [c for c in used if c not in data.columns]
    if missing:
        raise no_column_error(spec, missing, list(data.columns))
    repeated = [c for c in used if np.count_nonzero(data.columns == c) > 1]
    if repeated:
        raise DataError(f"the data have {np.count_nonzero(data.columns == repeated[0])} columns named "
                        f"{repeated[0]!r}", hint="rename the columns so that each name is used once")
    frame = data[used].assign(**constants) if constants else data[used]
    empty = [c for c in used if frame[c].isna().all()]
    if empty:
        raise DataError(f"column {empty[0]!r} has no values (all missing)",
                        hint="fill in the column or leave it out of the model")
    incomplete = frame.isna().any(axis=1).to_numpy()
    messages: list[str] = []
    if incomplete.any():
        _check_row_wise(spec.model)
        frame = frame[~incomplete]
        messages.append(f"dropped {int(incomplete.sum())} row(s) with missing values")
        if frame.empty:
            raise DataError("no row has values for every variable of the model",
                            hint="the model's columns have missing values in different rows")
    return frame, messages


def no_column_error(spec: SpecLike, missing: list[str], available: list[str]) -> DataError:
    """The error for model columns the data lack, naming --index when one is an unmapped equation index."""
    shown = ", ".join(map(repr, available[:12]))
    return DataError(f"the data have no column {', '.join(map(repr, missing))}",
                     hint=_unnamed_index_hint(as_spec(spec), missing) or f"columns available: {shown}")


def _check_row_wise(model: Model) -> None:
    """R's model frame computes scale(), poly(), ns(), bs() on every row before it drops the incomplete
    ones; computed on the complete rows only they would be other columns, so they are refused here."""
    factors = [f for t in model.fixed for f in t.factors] + list(model.offsets) + [
        f for b in model.random for t in b.terms for f in t.factors]
    for factor in factors:
        function = data_dependent(factor)
        if function is not None:
            raise DataError(f"{expression_name(factor)} depends on every row, and some rows have missing "
                            f"values: R computes {function}() before dropping them, notation does not yet",
                            hint="drop the incomplete rows from the data first, or compute the column in the "
                                 "data")


def _unnamed_index_hint(spec: Spec, missing: list[str]) -> str | None:
    """An equation index whose column was never named stands for itself: say how to name it."""
    system = spec.system
    letters = {i.letter for i in system.indices if i.column == i.letter} if system else set()
    letter = next((c for c in missing if c in letters), None)
    if letter is None:
        return None
    return (f"{letter!r} is an equation index: name its data column with --index {letter}=COLUMN "
            f"(Python: parse_spec(text, index={{{letter!r}: COLUMN}}))")
