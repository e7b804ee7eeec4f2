"""Data files → pandas DataFrame: CSV, gzip-compressed CSV and Parquet.

Contract: :func:`read_data` returns a non-empty DataFrame or raises :class:`DataError` saying what
is wrong with the file (missing, empty, unreadable) and how to fix it. Column types are pandas'
own guesses; deciding which columns are factors is the design compiler's job.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from notation.errors import DataError

__all__ = ["read_data"]

_PARQUET = (".parquet", ".pq")


def read_data(path: str) -> pd.DataFrame:
    """Read ``path`` (``.csv``, ``.csv.gz``, ``.parquet``) into a DataFrame."""
    file = Path(path)
    if not file.is_file():
        raise DataError(f"data file {path!r} does not exist",
                        hint="give the path of a CSV (.csv, .csv.gz) or Parquet file")
    if file.stat().st_size == 0:
        raise DataError(f"data file {path!r} is empty", hint="the file needs a header line and data rows")
    try:
        frame = _read(file)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError) as exc:
        raise DataError(f"cannot read data file {path!r}: {exc}",
                        hint="use a comma-separated file with a header line, or Parquet") from None
    if frame.empty:
        raise DataError(f"data file {path!r} has no data rows", hint="the file needs rows below its header")
    return frame


def _read(file: Path) -> pd.DataFrame:
    name = file.name.lower()
    if name.endswith(_PARQUET):
        return pd.read_parquet(file)
    return pd.read_csv(file, compression="infer")
