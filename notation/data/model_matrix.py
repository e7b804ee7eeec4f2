"""Terms → model-matrix columns on the rows: the values of the columns the IR's coding plan names.

Contract: :func:`code_terms` turns an intercept flag and terms into named float64 columns as R's
``model.matrix`` does. Which columns, in which order and under which names is
:func:`notation.ir.code_terms` (the one coding rule, shared with derive); this module only
multiplies each column's indicators and numeric factors on the rows, and refuses, as R does, a
factor coded by contrasts that has a single level in the rows used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from notation.data.columns import CodedFactor
from notation.data.variables import Variables
from notation.errors import DataError
from notation.ir import CodedColumn, Term, expression_name
from notation.ir import code_terms as coding_plan

__all__ = ["Columns", "check_contrast_levels", "code_terms"]


@dataclass(frozen=True)
class Columns:
    """Named columns of a model matrix (``values`` is rows × columns, float64)."""

    names: tuple[str, ...]
    values: np.ndarray


def code_terms(intercept: bool, terms: Sequence[Term], variables: Variables) -> Columns:
    """The model matrix of ``intercept + terms`` on the rows of ``variables``."""
    plan = coding_plan(intercept, terms, variables.levels)
    names: list[str] = ["(Intercept)"] if intercept else []
    columns: list[np.ndarray] = [np.ones(variables.nrows)] if intercept else []
    indicators: dict[tuple[sp.Expr, str], np.ndarray] = {}
    for coded in plan:
        for factor in coded.contrasts:
            _check_contrasts(factor, variables)
        for column in coded.columns:
            names.append(column.name)
            columns.append(_values(column, variables, indicators))
    values = np.column_stack(columns) if columns else np.empty((variables.nrows, 0))
    return Columns(tuple(names), np.ascontiguousarray(values, dtype=np.float64))


def _values(column: CodedColumn, variables: Variables,
            indicators: dict[tuple[sp.Expr, str], np.ndarray]) -> np.ndarray:
    values = np.ones(variables.nrows)
    for factor, level in column.factors:
        value = variables.value(factor)
        if isinstance(value, CodedFactor):
            assert level is not None  # the plan gives every categorical factor a level
            key = (factor, level)
            if key not in indicators:  # an indicator serves every interaction it appears in
                indicators[key] = (value.codes == value.levels.index(level)).astype(np.float64)
            values = values * indicators[key]
        elif value.ndim == 2:  # poly(x, 2): its column named by the level ("1", "2")
            assert level is not None
            values = values * value[:, int(level) - 1]
        else:
            values = values * value
    return values


def _check_contrasts(factor: sp.Expr, variables: Variables) -> None:
    value = variables.value(factor)
    if isinstance(value, CodedFactor):
        check_contrast_levels(factor, value.levels)


def check_contrast_levels(factor: sp.Expr, levels: tuple[str, ...]) -> None:
    """R refuses treatment contrasts of a factor with a single level in the rows used."""
    if len(levels) < 2:
        name = expression_name(factor)
        raise DataError(f"factor {name!r} has a single level ({levels[0]!r}) in the rows used: "
                        "contrasts can be applied only to factors with 2 or more levels",
                        hint=f"leave {name!r} out of the model, or check the rows dropped for "
                             "missing values")
