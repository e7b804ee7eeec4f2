"""The DuckDB engine: a :class:`~notation.data.engines.table.Table` whose rows never leave DuckDB.

Contract: :class:`DuckDBTable` wraps a DuckDB relation (a Parquet/CSV scan, an Arrow table, a
polars or pandas frame, or the user's own relation) and answers the Table protocol with SQL run
on it (``relation.query``): ``GROUP BY`` aggregates whose results have one row per group, never
one per data row. Column kinds come from DuckDB's types (BOOLEAN → logical, DATE → date,
TIMESTAMP → datetime, ENUM → factor, numbers → numeric, anything else → text); a row is missing
in a column when it holds NULL or a floating NaN, as pandas' ``isna`` (and R's ``na.omit``) reads it.
Residual quantiles are exact: an approximate pass brackets each quantile, a second one counts the
rows below the bracket and fetches the few inside it. DuckDB's errors become :class:`DataError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

from notation.data.engines.sql import identifier, number, vector_sql
from notation.data.engines.table import Coding, Effects
from notation.data.engines.vectors import Request, Vector
from notation.errors import DataError
from notation.ir import Kind

__all__ = ["DuckDBTable", "duckdb_kind"]

_VIEW = "__notation_rows"
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
            "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "REAL")
_FLOATING = ("FLOAT", "DOUBLE", "REAL")
# the share of rows an approximate quantile may be off by before the exact pass misses it
_BRACKET = 0.002


def duckdb_kind(type_name: str) -> Kind:
    name = type_name.upper()
    if name == "BOOLEAN":
        return "logical"
    if name == "DATE":
        return "date"
    if name.startswith("TIMESTAMP"):
        return "datetime"
    if name.startswith("ENUM"):
        return "factor"
    if name.split("(")[0] in _NUMERIC:
        return "numeric"
    return "text"


@contextmanager
def _errors(what: str) -> Iterator[None]:
    import duckdb

    try:
        yield
    except duckdb.Error as exc:
        first = str(exc).strip().splitlines()[0]
        raise DataError(f"DuckDB could not {what}: {first}",
                        hint="check the data file (a column's values must all read as its type) and the "
                             "columns the model names") from None


class DuckDBTable:
    """The rows of a DuckDB relation, filtered by ``where`` (SQL over quoted identifiers)."""

    engine = "duckdb"

    def __init__(self, relation: Any, where: str = "TRUE") -> None:
        self._relation = relation
        self._where = where
        self._types = {str(n): str(t) for n, t in zip(relation.columns, relation.types, strict=True)}

    def _query(self, sql: str, what: str) -> Any:
        with _errors(what):
            return self._relation.query(_VIEW, sql)

    def _from(self) -> str:
        return f"FROM {_VIEW} WHERE {self._where}"

    def kinds(self) -> dict[str, Kind]:
        return {name: duckdb_kind(t) for name, t in self._types.items()}

    def count(self) -> int:
        with _errors("count the rows"):
            return int(self._query(f"SELECT COUNT(*) {self._from()}", "count the rows").fetchall()[0][0])

    def _present_sql(self, name: str) -> str:
        column = identifier(name)
        if self._types[name].upper() in _FLOATING:
            return f"({column} IS NOT NULL AND NOT isnan({column}))"
        return f"({column} IS NOT NULL)"

    def counts(self, names: Sequence[str]) -> tuple[int, dict[str, int], int]:
        each = [self._present_sql(n) for n in names]
        counts = ", ".join(f"COUNT(*) FILTER (WHERE {c})" for c in each)
        complete = " AND ".join(each) or "TRUE"
        sql = f"SELECT COUNT(*), COUNT(*) FILTER (WHERE {complete}), {counts} {self._from()}"
        with _errors("count the rows"):
            row = self._query(sql, "count the rows").fetchall()[0]
        return int(row[0]), {n: int(v) for n, v in zip(names, row[2:], strict=True)}, int(row[1])

    def complete(self, names: Sequence[str]) -> DuckDBTable:
        condition = " AND ".join([self._where, *(self._present_sql(n) for n in names)])
        return DuckDBTable(self._relation, condition)

    def distinct(self, keys: Sequence[str]) -> pd.DataFrame:
        columns = ", ".join(map(identifier, keys))
        sql = f"SELECT {columns}, COUNT(*) AS __n {self._from()} GROUP BY {columns}"
        with _errors("find the levels"):
            return self._query(sql, "find the levels").df()

    def constant_within(self, keys: Sequence[str], columns: Sequence[str]) -> frozenset[str]:
        if not columns:
            return frozenset()
        group = ", ".join(map(identifier, keys))
        inner = ", ".join(f"COUNT(DISTINCT {identifier(c)}) AS c{k}" for k, c in enumerate(columns))
        outer = ", ".join(f"MAX(c{k})" for k in range(len(columns)))
        sql = f"SELECT {outer} FROM (SELECT {inner} {self._from()} GROUP BY {group})"
        with _errors("compare values within groups"):
            row = self._query(sql, "compare values within groups").fetchall()[0]
        return frozenset(c for c, most in zip(columns, row, strict=True) if most is not None and most <= 1)

    def aggregate(self, keys: Sequence[str], requests: Sequence[Request], coding: Coding
                  ) -> tuple[pd.DataFrame, np.ndarray]:
        # each vector once per row (an inner projection), then the aggregates of their products: DuckDB
        # would otherwise evaluate a shared expression, r = y − X̃γ say, once per aggregate using it
        vectors = list(dict.fromkeys(v for r in requests for v in (r.left, r.right) if v is not None))
        name = {v: f"__v{k}" for k, v in enumerate(vectors)}
        group = ", ".join(map(identifier, keys))
        inner = ", ".join(([group] if keys else [])
                          + [f"{vector_sql(v, coding.kinds, coding.raw)} AS {name[v]}" for v in vectors])
        columns = [_aggregate_sql(r, name) + f" AS v{k}" for k, r in enumerate(requests)]
        select = ", ".join(([group] if keys else []) + columns)
        sql = (f"SELECT {select} FROM (SELECT {inner} {self._from()})"
               + (f" GROUP BY {group}" if keys else ""))
        with _errors("sum the cross products"):
            frame = self._query(sql, "sum the cross products").df()
        values = frame[[f"v{k}" for k in range(len(requests))]].to_numpy(dtype=np.float64, na_value=np.nan)
        return frame[list(keys)], values

    def quantiles(self, vector: Vector, effects: Sequence[Effects], coding: Coding,
                  probabilities: Sequence[float]) -> np.ndarray:
        residuals = self._residuals(vector, effects, coding)
        with _errors("compute the residuals"):
            return _exact_quantiles(residuals, probabilities)

    def _residuals(self, vector: Vector, effects: Sequence[Effects], coding: Coding) -> Any:
        """A relation of one column ``__r``: the vector less each term's Z_k b_k, joined by level."""
        relation = self._query(f"SELECT *, {vector_sql(vector, coding.kinds, coding.raw)} AS __r "
                               f"{self._from()}", "compute the residuals")
        for term in effects:
            values = [f"__notation_b{a}" for a in range(term.values.shape[1])]
            frame = term.keys.reset_index(drop=True).copy()
            for a, name in enumerate(values):
                frame[name] = term.values[:, a]
            contribution = " + ".join(f"{vector_sql(v, coding.kinds, coding.raw)} * {b}"
                                      for v, b in zip(term.vectors, values, strict=True))
            join = ", ".join(map(identifier, term.columns))
            effects_frame = frame  # noqa: F841 — DuckDB reads this local by name (a replacement scan)
            with _errors("compute the residuals"):
                relation = relation.query(
                    _VIEW, f"SELECT * EXCLUDE (__r, {', '.join(values)}), __r - ({contribution}) AS __r "
                           f"FROM {_VIEW} JOIN effects_frame USING ({join})")
        return relation.query(_VIEW, f"SELECT __r FROM {_VIEW}")


def _aggregate_sql(request: Request, name: dict[Vector, str]) -> str:
    left = name[request.left]
    match request.operation:
        case "sum":
            if request.right is None:
                return f"SUM({left})"
            return f"SUM({left} * {name[request.right]})"
        case "min":
            return f"MIN({left})"
        case "max":
            return f"MAX({left})"
        case "maxabs":
            return f"MAX(abs({left}))"
        case "nonfinite":
            return f"COUNT(*) FILTER (WHERE NOT isfinite({left}))"
        case "nonbinary":
            return f"COUNT(*) FILTER (WHERE {left} <> 0 AND {left} <> 1)"
    raise ValueError(request.operation)


def _exact_quantiles(residuals: Any, probabilities: Sequence[float]) -> np.ndarray:
    """R's type-7 quantiles without holding the rows: the order statistics k = ⌊(n − 1)p⌋ and k + 1 are
    found among the few rows an approximate quantile brackets (a wider bracket where it missed): two
    scans, whatever the number of quantiles."""
    inner = list(range(len(probabilities)))
    width = _BRACKET
    out: dict[int, float] = {}
    while inner:
        missed = []
        brackets = [(max(probabilities[i] - width, 0.0), min(probabilities[i] + width, 1.0)) for i in inner]
        ends_p = ", ".join(f"{p:.6f}" for pair in brackets for p in pair)  # one digest for all of them
        n, low, high, ends = residuals.query(
            _VIEW, f"SELECT COUNT(*), MIN(__r), MAX(__r), approx_quantile(__r, [{ends_p}]) "
                   f"FROM {_VIEW}").fetchall()[0]
        done = [i for i in inner
                if probabilities[i] <= 0.0 or math.floor((n - 1) * probabilities[i]) >= n - 1]
        for i in done:  # the smallest and the largest need no second pass
            out[i] = float(low) if probabilities[i] <= 0.0 else float(high)
        keep = [j for j, i in enumerate(inner) if i not in done]
        inner, brackets, ends = ([inner[j] for j in keep], [brackets[j] for j in keep],
                                 [e for j in keep for e in ends[2 * j:2 * j + 2]])
        if not inner:
            break
        bounds = [(float(low) if lo == 0.0 else float(ends[2 * j]), float(high) if hi == 1.0
                   else float(ends[2 * j + 1])) for j, (lo, hi) in enumerate(brackets)]
        parts = ", ".join(f"COUNT(*) FILTER (WHERE __r < {number(lo)}), list(__r) FILTER (WHERE __r >= "
                          f"{number(lo)} AND __r <= {number(hi)})" for lo, hi in bounds)
        found = residuals.query(_VIEW, f"SELECT {parts} FROM {_VIEW}").fetchall()[0]
        for j, i in enumerate(inner):
            below, inside = int(found[2 * j]), np.sort(np.asarray(found[2 * j + 1] or [], dtype=np.float64))
            h = (n - 1) * probabilities[i]
            k = math.floor(h)
            if below <= k and below + len(inside) >= k + 2:
                a, b = float(inside[k - below]), float(inside[k + 1 - below])
                out[i] = a + (h - k) * (b - a)
            else:
                missed.append(i)
        inner, width = missed, width * 8
    return np.asarray([out[i] for i in range(len(probabilities))], dtype=np.float64)
