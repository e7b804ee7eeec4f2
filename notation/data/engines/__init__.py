"""Data engines (DESIGN.md §9): the rows stay in pandas, DuckDB or Dask; the model reads sums over them.

Contract: :func:`open_data` turns any supported input into a pandas DataFrame (the in-memory path)
or a :class:`Table` (DuckDB: :class:`DuckDBTable`; Dask: :class:`DaskTable`), whose protocol is
all the out-of-core design needs: counts, distinct values, and grouped aggregates of per-row vectors
(:mod:`notation.data.engines.vectors`). :func:`take_census` (levels, group sizes, rows dropped),
:func:`fixed_moments` (means, centred cross products, R's rank check) and :func:`table_schema`
(the :class:`~notation.ir.DataSchema`) read a Table by the pandas path's rules, so every engine
gives the same schema and the same fit.
"""

from notation.data.engines.census import Census, GroupingLevels, take_census
from notation.data.engines.moments import Moments, coded_vectors, fixed_moments
from notation.data.engines.schema import table_schema
from notation.data.engines.source import AUTO_LIMIT, ENGINES, open_data
from notation.data.engines.table import Coding, Effects, FactorLevels, Table

__all__ = ["AUTO_LIMIT", "ENGINES", "Census", "Coding", "Effects", "FactorLevels", "GroupingLevels",
           "Moments",
           "Table", "coded_vectors", "fixed_moments", "open_data", "table_schema", "take_census"]
