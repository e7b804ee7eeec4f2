"""SymPy factor expressions and per-row vectors → DuckDB SQL: a whitelist, every identifier quoted.

Contract: :func:`identifier` quotes a column name with DuckDB's rules (double quotes, doubled inside),
:func:`literal` writes a value the data hold (text, number, logical, date, date-time) as a SQL literal,
:func:`numeric_sql` translates the functions :func:`notation.data.evaluate.evaluate` computes that
SQL computes the same way (``+ * ^``, ``log``, ``log(x, base)``, ``exp``, ``sqrt``, ``abs``,
``log10``, ``log2``, trigonometric, ``floor``, ``ceiling``, ``trunc``, ``sign``) and raises
:class:`DataError` for any other (``poly``, ``scale``, ``round``, ``log1p``: compute them in the
data, or fit with the pandas engine), and :func:`vector_sql` writes a :data:`Vector`. User text
reaches SQL only as quoted identifiers and literals; numbers are written so that DuckDB reads the
same double back (``'0.1'::DOUBLE``, not the DECIMAL literal ``0.1``).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import sympy as sp
from sympy.core.function import AppliedUndef

from notation.data.engines.vectors import Coded, Shifted, Vector
from notation.errors import DataError
from notation.ir import Kind, categorical_source, expression_name

__all__ = ["identifier", "literal", "number", "numeric_sql", "vector_sql"]

_TYPED = {sp.log: "ln", sp.exp: "exp", sp.Abs: "abs"}
_BY_NAME = {"log10": "log10", "log2": "log2", "sin": "sin", "cos": "cos", "tan": "tan", "trunc": "trunc",
            "floor": "floor", "ceiling": "ceil", "sign": "sign"}


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def number(value: float) -> str:
    if math.isnan(value):
        return "'NaN'::DOUBLE"
    if math.isinf(value):
        return "'Infinity'::DOUBLE" if value > 0 else "'-Infinity'::DOUBLE"
    return f"'{float(value)!r}'::DOUBLE"


def literal(value: object) -> str:
    """A data value as SQL: what the engine returned for a distinct level, written back."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime.datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _column_sql(name: str, kind: Kind) -> str:
    """A column as ``model.matrix`` reads it: a number; Dates as days, date-times as seconds since 1970."""
    column = identifier(name)
    if kind == "date":
        return f"CAST(({column} - DATE '1970-01-01') AS DOUBLE)"
    if kind == "datetime":
        return f"(CAST(epoch_us({column}) AS DOUBLE) / 1e6)"
    return f"CAST({column} AS DOUBLE)"


def numeric_sql(expr: sp.Expr, kinds: Mapping[str, Kind]) -> str:
    """``expr`` (a numeric factor) as a DOUBLE expression."""
    if isinstance(expr, sp.Symbol):
        return _column_sql(expr.name, kinds[expr.name])
    if isinstance(expr, sp.Number):
        return number(float(expr))
    if isinstance(expr, AppliedUndef):
        return _by_name(expr, kinds)
    args = [numeric_sql(a, kinds) for a in expr.args]
    if isinstance(expr, sp.Add):
        return "(" + " + ".join(args) + ")"
    if isinstance(expr, sp.Mul):
        return "(" + " * ".join(args) + ")"
    if isinstance(expr, sp.Pow):
        return f"pow({args[0]}, {args[1]})"
    function = _TYPED.get(type(expr))
    if function is None:
        raise _unsupported(expr)
    return f"{function}({args[0]})"


def _by_name(expr: AppliedUndef, kinds: Mapping[str, Kind]) -> str:
    name = expr.func.__name__
    args = expr.args
    if name in _BY_NAME and len(args) == 1:
        return f"{_BY_NAME[name]}({numeric_sql(args[0], kinds)})"
    if name in ("log", "base::log") and len(args) == 2 and all(
            not (isinstance(a, AppliedUndef) and a.func.__name__ == "__named_argument__") for a in args):
        return f"(ln({numeric_sql(args[0], kinds)}) / ln({numeric_sql(args[1], kinds)}))"
    raise _unsupported(expr)


def _unsupported(expr: sp.Expr) -> DataError:
    return DataError(f"the duckdb engine cannot compute {expression_name(expr)} in SQL",
                     hint="use +, -, *, /, ^, log, exp, sqrt, abs inside I(), compute the column in the data "
                          "first, or fit with --engine pandas")


def vector_sql(vector: Vector, kinds: Mapping[str, Kind], raw: Callable[[sp.Expr, str], object]) -> str:
    """``vector`` as a DOUBLE expression; ``raw(factor, level)`` is the data's value of a level."""
    if isinstance(vector, Coded):
        parts = []
        for factor, level in vector.column.factors:
            if level is None:
                parts.append(numeric_sql(factor, kinds))
                continue
            source = categorical_source(factor, lambda n: kinds[n])
            assert source is not None  # the coding plan gives levels to categorical factors only
            parts.append(f"CAST({identifier(source)} = {literal(raw(factor, level))} AS DOUBLE)")
        return "(" + " * ".join(parts) + ")" if parts else "1.0"
    if isinstance(vector, Shifted):
        inner = vector_sql(vector.vector, kinds, raw)
        return f"(({inner} - {number(vector.centre)}) / {number(vector.scale)})"
    terms = [f"{number(c)} * {vector_sql(v, kinds, raw)}" for c, v in vector.parts]
    return "(" + " + ".join(terms) + ")" if terms else "0.0"
