"""An engine's rows → the model's :class:`~notation.ir.DataSchema`, as :mod:`notation.data.pandas_schema`
builds it from a DataFrame.

Contract: :func:`table_schema` reads the census (kinds, levels, group sizes on the complete rows),
the variables constant within each grouping factor's groups (one ``GROUP BY`` per grouping factor)
and the fixed columns R's rank check drops (:func:`fixed_moments`), so what derive states from an
engine's schema is what the in-memory path states.
"""

from __future__ import annotations

from notation.data.engines.census import factor_levels, take_census
from notation.data.engines.moments import fixed_moments
from notation.data.engines.table import Table
from notation.ir import (
    ColumnSchema,
    DataSchema,
    GroupingSchema,
    SpecLike,
    as_spec,
    categorical_column,
    is_categorical,
)

__all__ = ["table_schema"]


def table_schema(spec: SpecLike, table: Table) -> DataSchema:
    """The schema of ``spec``'s model on ``table``; see the module docstring."""
    census = take_census(spec, table)
    model = as_spec(spec).model
    inside_factor = {c for t in [*model.fixed, *(t for b in model.random for t in b.terms)] for f in t.factors
                     if (c := categorical_column(f)) is not None}
    columns = []
    for name in sorted(model.variables):
        kind = census.kinds[name]
        if not (is_categorical(kind) or name in inside_factor):
            columns.append(ColumnSchema(name, kind))
            continue
        levels = census.factors.get(name) or factor_levels(name, census.table.distinct((name,))[name], kind)
        columns.append(ColumnSchema(name, kind, levels.labels))
    groupings = []
    for grouping in model.groupings:
        group = census.grouping(grouping)
        others = [c for c in sorted(model.variables) if c not in grouping]
        constant = frozenset(grouping) | census.table.constant_within(grouping, others)
        groupings.append(GroupingSchema(grouping, tuple(int(n) for n in group.sizes), constant))
    moments = fixed_moments(model, census)
    dropped = tuple(n for k, n in enumerate(moments.names) if k not in set(moments.kept))
    return DataSchema(census.nobs, tuple(columns), tuple(groupings), dropped)
