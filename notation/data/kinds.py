"""pandas dtypes → the IR's column kinds, decided once (whether a kind is categorical is the IR's rule).

Contract: :func:`column_kind` reads a column as R would have it after ``read.csv`` or arrow's
``read_parquet``: bool → logical (also an object column holding only booleans, as pandas reads
TRUE/FALSE with gaps), pandas categorical → factor (its own level order), numbers → numeric,
``datetime64`` → datetime (POSIXct: seconds since 1970 in ``model.matrix``), an object column of
``datetime.date`` values (how pandas reads a Parquet ``date32``) → date (R's Date: days since
1970), anything else (strings; CSV dates are text, as ``read.csv`` leaves them) → text.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from notation.ir import Kind

__all__ = ["column_kind"]


def column_kind(series: pd.Series) -> Kind:
    """The kind of ``series``; see the module docstring."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "factor"
    if pd.api.types.is_bool_dtype(dtype):
        return "logical"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_numeric_dtype(dtype):
        return "numeric"
    if pd.api.types.is_object_dtype(dtype):
        values = series.dropna()
        if len(values) and _is_logical(values.iloc[0]) and values.map(_is_logical).all():
            return "logical"
        if len(values) and _is_date(values.iloc[0]) and values.map(_is_date).all():
            return "date"
    return "text"


def _is_logical(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def _is_date(value: object) -> bool:
    # a datetime is a date too in Python; only a plain date is R's Date
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
