"""Terms → model-matrix columns with R's treatment contrasts and lme4's column names.

Contract: :func:`code_terms` turns an intercept flag and terms into named float64 columns as R's
``model.matrix`` does: terms ordered by degree (main effects, then two-way interactions, …); a
factor in a term is coded by treatment contrasts (first level dropped, ``recipeB``) when the term
without that factor is also in the model (the empty term counting as present), else by one
indicator per level; without an intercept, the first factor of the first term holding a factor is
coded by indicators (``0 + recipe + trt`` → ``recipeA``, ``recipeB``, ``recipeC``, ``trtdrug``),
as R's ``model.matrix``; in an interaction the first factor varies fastest and names join with
``:`` (``recipeB:temp``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from notation.design.columns import CodedFactor
from notation.design.variables import Variables
from notation.errors import DataError
from notation.ir import Term, expression_name

__all__ = ["Columns", "code_terms"]


@dataclass(frozen=True)
class Columns:
    """Named columns of a model matrix (``values`` is rows × columns, float64)."""

    names: tuple[str, ...]
    values: np.ndarray


def code_terms(intercept: bool, terms: Sequence[Term], variables: Variables) -> Columns:
    """The model matrix of ``intercept + terms`` on the rows of ``variables``."""
    ordered = sorted(terms, key=lambda t: t.order)
    present: set[frozenset[sp.Expr]] = {t.key for t in ordered} | {frozenset()}
    full = None if intercept else _first_factor(ordered, variables)
    names: list[str] = ["(Intercept)"] if intercept else []
    columns: list[np.ndarray] = [np.ones(variables.nrows)] if intercept else []
    for term in ordered:
        spanning = full[1] if full is not None and term is full[0] else None
        term_names, term_columns = _code_term(term, present, variables, spanning)
        names += term_names
        columns += term_columns
    values = np.column_stack(columns) if columns else np.empty((variables.nrows, 0))
    return Columns(tuple(names), np.ascontiguousarray(values, dtype=np.float64))


def _first_factor(terms: Sequence[Term], variables: Variables) -> tuple[Term, sp.Expr] | None:
    """The factor R codes by indicators in a model without intercept (it spans the intercept)."""
    for term in terms:
        for factor in term.factors:
            if isinstance(variables.value(factor), CodedFactor):
                return term, factor
    return None


def _code_term(term: Term, present: set[frozenset[sp.Expr]], variables: Variables,
               spanning: sp.Expr | None) -> tuple[list[str], list[np.ndarray]]:
    names = [""]
    columns = [np.ones(variables.nrows)]
    for factor in term.factors:
        value = variables.value(factor)
        name = expression_name(factor)
        if isinstance(value, CodedFactor):
            contrasts = factor is not spanning and (term.key - {factor}) in present
            if contrasts and value.nlevels < 2:
                raise DataError(f"factor {name!r} has a single level ({value.levels[0]!r}) in the rows used: "
                                "contrasts can be applied only to factors with 2 or more levels",
                                hint=f"leave {name!r} out of the model, or check the rows dropped for "
                                     "missing values")
            levels = range(1 if contrasts else 0, value.nlevels)
            indicators = [(value.codes == k).astype(np.float64) for k in levels]
            labels = [name + value.levels[k] for k in levels]
            names = [_join(n, label) for label in labels for n in names]
            columns = [c * ind for ind in indicators for c in columns]
        else:
            names = [_join(n, name) for n in names]
            columns = [c * value for c in columns]
    return names, columns


def _join(left: str, right: str) -> str:
    return f"{left}:{right}" if left else right
