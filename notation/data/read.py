"""Data files → pandas DataFrame: CSV, gzip-compressed CSV and Parquet.

Contract: :func:`read_data` returns a non-empty DataFrame or raises :class:`DataError` saying what
is wrong with the file (missing, empty, unreadable, two columns with one name) and how to fix it.
A CSV may start with a byte-order mark and may be separated by ``;`` instead of ``,`` (as
spreadsheets write it where the decimal mark is a comma, which is then read as such) or by tabs:
the header line decides. Missing values are read as R's ``read.csv`` reads them (the reference fits'
``na.strings = c("", "NA")``): a field ``NA`` or an empty field, nothing else — a factor level spelled
``None``, ``NULL``, ``nan`` or ``N/A`` is a level, not a gap (pandas' defaults would drop those rows
silently). ``na`` names other missing-value strings (``--na NA,.`` on the command line); ``NaN`` and
``Inf`` in a numeric column are numbers, as R reads them. Column types are pandas' own guesses;
deciding which columns are factors is the design compiler's job.
"""

from __future__ import annotations

import gzip
import math
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from notation.errors import DataError

__all__ = ["read_data"]

_PARQUET = (".parquet", ".pq")
_DECIMAL_COMMA = re.compile(r"(^|;)\s*-?\d+,\d+\s*(;|$)")


# R's read.csv default, plus the empty field (lme4's references read with na.strings = c("", "NA"))
R_MISSING = ("NA", "")


def read_data(path: str, na: tuple[str, ...] = R_MISSING) -> pd.DataFrame:
    """Read ``path`` (``.csv``, ``.csv.gz``, ``.parquet``) into a DataFrame; ``na``: the strings that
    mean a missing value in a CSV."""
    file = Path(path)
    if file.is_dir():
        raise DataError(f"data file {path!r} is a directory",
                        hint="give the path of a CSV (.csv, .csv.gz) or Parquet file in it")
    if not file.is_file():
        raise DataError(f"data file {path!r} does not exist",
                        hint="give the path of a CSV (.csv, .csv.gz) or Parquet file")
    if file.stat().st_size == 0:
        raise DataError(f"data file {path!r} is empty", hint="the file needs a header line and data rows")
    try:
        frame = _read(file, na)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError, OSError, ValueError) as exc:
        raise DataError(f"cannot read data file {path!r}: {exc}",
                        hint="use a comma-separated file with a header line, or Parquet") from None
    if frame.empty:
        raise DataError(f"data file {path!r} has no data rows", hint="the file needs rows below its header")
    return frame


def _read(file: Path, na: tuple[str, ...]) -> pd.DataFrame:
    if file.name.lower().endswith(_PARQUET):
        return pd.read_parquet(file)
    header, first_row = _first_lines(file)
    separator = "," if "," in header else ";" if ";" in header else "\t" if "\t" in header else ","
    _check_unique([name.strip().strip('"') for name in header.split(separator)], file)
    decimal = "," if separator == ";" and _DECIMAL_COMMA.search(first_row) else "."
    frame = pd.read_csv(file, compression="infer", sep=separator, decimal=decimal, encoding="utf-8-sig",
                        keep_default_na=False, na_values=list(na))
    return _numbers_with_nan(frame)


def _numbers_with_nan(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose every value is a number once ``NaN`` and ``Inf`` count as numbers, as numbers:
    R reads them so, pandas without its default NA strings keeps them as text."""
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue
        present = column.dropna().astype(str).str.strip()
        if not len(present) or not present.str.fullmatch(r"[+-]?(NaN|Inf)").any():
            continue
        try:
            values = [float(v) if isinstance(v, str) else math.nan for v in column.astype(object)]
        except ValueError:
            continue
        frame[name] = pd.Series(values, index=frame.index, dtype="float64")
    return frame


def _first_lines(file: Path) -> tuple[str, str]:
    opener = gzip.open if file.name.lower().endswith(".gz") else open
    with opener(file, "rt", encoding="utf-8-sig", newline="") as text:
        header = text.readline().rstrip("\r\n")
        return header, text.readline().rstrip("\r\n")


def _check_unique(names: list[str], file: Path) -> None:
    """pandas would rename a repeated column ``x.1`` and the model would silently use the first."""
    repeated = [name for name, count in Counter(names).items() if count > 1 and name]
    if repeated:
        raise DataError(f"data file {str(file)!r} has two columns named {repeated[0]!r}",
                        hint="give every column of the header line its own name")
