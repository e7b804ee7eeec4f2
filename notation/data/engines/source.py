"""Data of any form → the engine that reads it: a pandas DataFrame, or a :class:`Table` in DuckDB or Dask.

Contract: :func:`open_data` takes a path (CSV, TSV, ``.gz``, Parquet; a directory or a glob of
Parquet files), a pandas DataFrame, a DuckDB relation, a Dask DataFrame, an Arrow table or a polars
DataFrame, and an engine name: ``pandas`` reads the rows into memory as
:func:`~notation.data.read.read_data` does; ``duckdb`` scans them in DuckDB (files are never loaded
whole; Arrow and polars data are scanned in place); ``dask`` computes on a Dask cluster
(:func:`~notation.data.engines.dask_table.connect`); ``auto`` is pandas for a DataFrame and for a
single file under :data:`AUTO_LIMIT` bytes, Dask for a Dask DataFrame, DuckDB otherwise. CSVs are read
with R's missing values (``NA`` and the empty field) and the pandas path's column types (numbers,
TRUE/FALSE, text — dates stay text, as ``read.csv`` leaves them). DuckDB runs with a memory limit
(:data:`DUCKDB_MEMORY`, spilling to the temporary directory beyond it). Every problem is a
:class:`DataError` naming the input.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from notation.data.engines.table import Table
from notation.data.read import R_MISSING, _check_unique, _first_lines, read_data
from notation.errors import DataError

__all__ = ["AUTO_LIMIT", "DUCKDB_MEMORY", "ENGINES", "open_data"]

ENGINES = ("auto", "pandas", "duckdb", "dask")
AUTO_LIMIT = 200 * 1024 * 1024  # files from this size on are scanned by DuckDB instead of read into pandas
DUCKDB_MEMORY = os.environ.get("NOTATION_DUCKDB_MEMORY", "1GB")
_PARQUET = (".parquet", ".pq")
_GLOB = set("*?[")


def open_data(data: Any, engine: str = "auto", scheduler: Any = None,
              na: tuple[str, ...] = R_MISSING) -> pd.DataFrame | Table:
    """``data`` opened by ``engine``; see the module docstring."""
    if engine not in ENGINES:
        raise DataError(f"unknown engine {engine!r}", hint=f"use one of {', '.join(ENGINES)}")
    from notation.data.engines.dask_table import DaskTable
    from notation.data.engines.duckdb_table import DuckDBTable

    if isinstance(data, (DuckDBTable, DaskTable)):
        if engine not in ("auto", data.engine):
            raise DataError(f"the data are open in {data.engine}, and the engine asked for is {engine}",
                            hint=f"use engine={data.engine!r} or 'auto'")
        return data
    if isinstance(data, (str, Path)):
        return _open_path(str(data), engine, scheduler, na)
    if isinstance(data, pd.DataFrame):
        if engine in ("auto", "pandas"):
            return data
        return _duckdb_table(lambda con: con.from_df(data)) if engine == "duckdb" else _dask_frame(
            _dask().from_pandas(data, npartitions=max(1, min(8, len(data) // 100_000 + 1))), scheduler)
    module = type(data).__module__.split(".")[0]
    if module == "duckdb":
        from notation.data.engines.duckdb_table import DuckDBTable

        if engine in ("auto", "duckdb"):
            return DuckDBTable(data)
        return _from_pandas(data.df(), engine, scheduler)
    if module.startswith("dask"):
        if engine in ("auto", "dask"):
            return _dask_frame(data, scheduler)
        return _from_pandas(data.compute(), engine, scheduler)
    if module == "polars":
        data = data.collect() if hasattr(data, "collect") else data
        data = data.to_arrow()
        module = "pyarrow"
    if module == "pyarrow":
        if engine in ("auto", "duckdb"):
            table = data
            return _duckdb_table(lambda con: con.from_arrow(table))
        return _from_pandas(data.to_pandas(), engine, scheduler)
    raise DataError(f"cannot read data of type {type(data).__name__}",
                    hint="pass a path, a pandas or Dask DataFrame, a DuckDB relation, an Arrow table or a "
                         "polars DataFrame")


def _from_pandas(frame: pd.DataFrame, engine: str, scheduler: Any) -> pd.DataFrame | Table:
    return open_data(frame, engine, scheduler)


def _files(path: str) -> tuple[list[str], bool]:
    """The files ``path`` names and whether it names several (a directory or a glob)."""
    if _GLOB & set(path):
        files = sorted(f for f in glob.glob(path, recursive=True) if Path(f).is_file())
        if not files:
            raise DataError(f"no file matches {path!r}", hint="check the pattern, e.g. 'data/*.parquet'")
        return files, True
    file = Path(path)
    if file.is_dir():
        files = sorted(str(f) for f in file.rglob("*") if f.is_file() and f.name.lower().endswith(_PARQUET))
        if not files:
            raise DataError(f"directory {path!r} holds no Parquet file (.parquet, .pq)",
                            hint="give a directory of Parquet files, or the path of one CSV or Parquet file")
        return files, True
    if not file.is_file():
        raise DataError(f"data file {path!r} does not exist",
                        hint="give the path of a CSV (.csv, .csv.gz) or Parquet file, or a directory of "
                             "Parquet files")
    if file.stat().st_size == 0:
        raise DataError(f"data file {path!r} is empty", hint="the file needs a header line and data rows")
    return [path], False


def _is_parquet(files: list[str]) -> bool:
    kinds = {f.lower().endswith(_PARQUET) for f in files}
    if len(kinds) > 1:
        raise DataError("the files mix Parquet and other formats", hint="give Parquet files only")
    return kinds == {True}


def _open_path(path: str, engine: str, scheduler: Any, na: tuple[str, ...]) -> pd.DataFrame | Table:
    files, several = _files(path)
    parquet = _is_parquet(files)
    if several and not parquet:
        raise DataError(f"{path!r} names several files that are not Parquet",
                        hint="a directory or glob must hold Parquet files; give one CSV file at a time")
    if engine == "auto":
        engine = "duckdb" if several or os.path.getsize(files[0]) >= AUTO_LIMIT else "pandas"
    if engine == "pandas":
        if not several:
            return read_data(files[0], na)
        return pd.concat([read_data(f, na) for f in files], ignore_index=True)
    if engine == "duckdb":
        if parquet:
            return _duckdb_table(lambda con: con.read_parquet(files))
        separator, decimal = _csv_layout(files[0])
        # the pandas path's types: numbers, TRUE/FALSE, text (dates stay text, as read.csv leaves them)
        sql = ("SELECT * FROM read_csv($path, header = true, delim = $sep, decimal_separator = $decimal, "
               "nullstr = $na, auto_type_candidates = ['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR'])")
        parameters = {"path": files[0], "sep": separator, "decimal": decimal, "na": list(na)}
        return _duckdb_table(lambda con: con.sql(sql, params=parameters))
    dd = _dask()
    try:
        if parquet:
            frame = dd.read_parquet(files)
        else:
            separator, decimal = _csv_layout(files[0])
            frame = dd.read_csv(files[0], sep=separator, decimal=decimal, keep_default_na=False,
                                na_values=list(na), encoding="utf-8-sig",
                                blocksize=None if files[0].lower().endswith(".gz") else "64MB")
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read {path!r}: {exc}",
                        hint="use a CSV with a header line, or Parquet") from None
    return _dask_frame(frame, scheduler)


def _csv_layout(path: str) -> tuple[str, str]:
    """The separator and decimal mark, decided by the header line as :func:`read_data` decides them."""
    from notation.data.read import _DECIMAL_COMMA

    try:
        header, first_row = _first_lines(Path(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read data file {path!r}: {exc}",
                        hint="use a comma-separated file with a header line, or Parquet") from None
    separator = "," if "," in header else ";" if ";" in header else "\t" if "\t" in header else ","
    _check_unique([name.strip().strip('"') for name in header.split(separator)], Path(path))
    decimal = "," if separator == ";" and _DECIMAL_COMMA.search(first_row) else "."
    return separator, decimal


def _duckdb_table(scan: Any) -> Table:
    import duckdb

    from notation.data.engines.duckdb_table import DuckDBTable

    spill = os.path.join(tempfile.gettempdir(), "notation-duckdb")
    connection = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY, "preserve_insertion_order": False,
                                        "temp_directory": spill})
    try:
        return DuckDBTable(scan(connection))
    except (duckdb.Error, OSError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise DataError(f"DuckDB cannot read the data: {first}",
                        hint="give a CSV with a header line or Parquet files") from None


def _dask() -> Any:
    try:
        import dask.dataframe as dd
        import distributed  # noqa: F401 — the engine runs on a distributed cluster, local or not
    except ImportError:
        raise DataError("the dask engine needs dask and distributed, which are not installed",
                        hint="pip install 'notation[dask]', or use --engine duckdb") from None
    return dd


def _dask_frame(frame: Any, scheduler: Any) -> Table:
    _dask()
    from notation.data.engines.dask_table import DaskTable, connect

    client, opened = connect(scheduler)
    return DaskTable(frame, client, owned=opened)
