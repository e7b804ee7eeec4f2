"""Rows of any engine → the model's :class:`~notation.ir.DataSchema`: pandas, or a DuckDB/Dask table.

Contract: :func:`data_schema` is the entry point the CLI, ``render_latex`` and the public
functions that take ``data=`` call; a DataSchema given in place of rows is returned as it is, an
engine's :class:`~notation.data.engines.Table` is read by :func:`~notation.data.engines.table_schema`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from notation.data.pandas_schema import pandas_schema
from notation.errors import DataError
from notation.ir import DataSchema, SpecLike

__all__ = ["data_schema"]


def data_schema(spec: SpecLike, data: pd.DataFrame | DataSchema | Any) -> DataSchema:
    """The schema of ``spec``'s model on ``data``."""
    if isinstance(data, DataSchema):
        return data
    if isinstance(data, pd.DataFrame):
        return pandas_schema(spec, data)
    from notation.data.engines import table_schema
    from notation.data.engines.dask_table import DaskTable
    from notation.data.engines.duckdb_table import DuckDBTable

    if isinstance(data, (DuckDBTable, DaskTable)):
        return table_schema(spec, data)
    raise DataError(f"cannot read data of type {type(data).__name__}",
                    hint="pass a pandas DataFrame, or read a file with notation.read_data(path)")
