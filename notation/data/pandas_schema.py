"""The pandas backend of the data schema: one pass of the model's rows → :class:`DataSchema`.

Contract: :func:`pandas_schema` reads the model's complete rows (:func:`complete_rows`, as the
design does), gives each column its kind (:func:`column_kind`) and, when it is read as a factor,
its levels coded exactly as the design codes them (:class:`Variables`), counts each grouping
factor's group sizes and the variables constant within its groups, and finds the rank-deficient
fixed columns with the design's own rule (:func:`independent_columns` on the model matrix), so that
what derive states from the schema is what the fit uses.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from notation.data.columns import factor_column
from notation.data.kinds import column_kind
from notation.data.model_matrix import code_terms
from notation.data.rank import independent_columns
from notation.data.rows import complete_rows
from notation.data.variables import Variables
from notation.ir import (
    ColumnSchema,
    DataSchema,
    GroupingSchema,
    Model,
    SpecLike,
    as_spec,
    categorical_column,
    is_categorical,
)

__all__ = ["pandas_schema"]


def pandas_schema(spec: SpecLike, data: pd.DataFrame) -> DataSchema:
    """The schema of ``spec``'s model on ``data``; see the module docstring."""
    frame, _ = complete_rows(spec, data)
    model = as_spec(spec).model
    inside_factor = _read_by_factor(model)
    columns = tuple(_column(name, frame[name], name in inside_factor) for name in sorted(model.variables))
    variables = Variables(frame)
    groupings = tuple(_grouping(g, variables, frame) for g in model.groupings)
    fixed = code_terms(model.intercept, model.fixed, variables)
    kept = set(independent_columns(fixed.values))
    dropped = tuple(name for k, name in enumerate(fixed.names) if k not in kept)
    return DataSchema(len(frame), columns, groupings, dropped)


def _read_by_factor(model: Model) -> frozenset[str]:
    """The columns a term reads through ``factor(x)``: categorical whatever their kind."""
    terms = [*model.fixed, *(t for block in model.random for t in block.terms)]
    found = (categorical_column(f) for t in terms for f in t.factors)
    return frozenset(c for c in found if c is not None)


def _column(name: str, series: pd.Series, inside_factor: bool) -> ColumnSchema:
    kind = column_kind(series)
    if not (is_categorical(kind) or inside_factor):
        return ColumnSchema(name, kind)
    return ColumnSchema(name, kind, factor_column(name, series).levels)


def _grouping(grouping: tuple[str, ...], variables: Variables, frame: pd.DataFrame) -> GroupingSchema:
    group = variables.grouping(grouping)
    sizes = np.bincount(group.codes, minlength=group.nlevels)
    others = [c for c in frame.columns if c not in grouping]
    counts = frame[others].groupby(group.codes, sort=False).nunique(dropna=False)
    # a grouping's own columns are constant within its groups (recipe within recipe:replicate)
    constant = frozenset(grouping) | {str(c) for c in others if counts[c].max() <= 1}
    return GroupingSchema(grouping, tuple(int(n) for n in sizes), constant)

