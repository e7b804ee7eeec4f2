"""Treatment contrasts made visible: a formula's factor terms → one term per model-matrix column.

Contract: :func:`with_contrasts` returns a model and schema for display. Each fixed term that
reads a categorical factor becomes one term per column the design codes for it — the IR's coding
rule (:meth:`~notation.ir.DataSchema.coded`: treatment contrasts, the no-intercept rule, the
first factor varying fastest), named as lme4 names the column (``recipeB``, ``recipeB:temp``,
``factor(wave)2``); each indicator is a variable of the schema, constant within the groups its
column is, so levels can still be inferred. Each contrast then has its own coefficient symbol,
and an estimate named ``recipeB`` lands on it. Numeric factors, offsets and random blocks are
unchanged; the display keeps the model's order of terms.
"""

from __future__ import annotations

import sympy as sp

from notation.ir import DataSchema, Model, Term, categorical_column, coded_name

__all__ = ["with_contrasts"]


def with_contrasts(model: Model, schema: DataSchema) -> tuple[Model, DataSchema]:
    """The display model and schema; see the module docstring."""
    coded = {c.term: c.columns for c in schema.coded(model.intercept, model.fixed)}
    sources: dict[str, str] = {}
    fixed = [Term(tuple(_indicator(factor, level, sources) for factor, level in column.factors))
             for term in model.fixed for column in coded[term]]
    if not sources:
        return model, schema
    display = Model(model.response, model.intercept, tuple(fixed), model.random, model.offsets,
                    model.residual)
    return display, schema.with_indicators(sources)


def _indicator(factor: sp.Expr, level: str | None, sources: dict[str, str]) -> sp.Expr:
    """The factor itself when numeric, else the 0/1 variable of its level (``recipeB``)."""
    if level is None:
        return factor
    name = coded_name(factor, level)
    sources[name] = factor.name if isinstance(factor, sp.Symbol) else str(categorical_column(factor))
    return sp.Symbol(name)
