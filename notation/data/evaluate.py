"""Numeric values of a factor expression (``x**2``, ``log(x)``, ``sqrt(a + b)``) on data columns.

Contract: :func:`evaluate` walks the SymPy tree the parser built — numbers, symbols, ``Add``,
``Mul``, ``Pow``, ``log``, ``exp``, ``Abs``, and R's functions of one column that the formula
reader keeps by name (``scale``, ``round``, ``log10``, ``log2``, ``log1p``, ``expm1``,
``log(x, base)``, trigonometric functions) — and applies the matching NumPy operation to the
columns, as R computes them. Nothing is printed to source code and executed (as
``sympy.lambdify`` would do), so no text from a spec can ever run; any other function
(``poly``, ``ns``, ``bs``, ``cut``...) is a :class:`DataError` naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import reduce

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from notation.errors import DataError
from notation.ir import expression_name

__all__ = ["evaluate"]

Values = np.ndarray | float
_FUNCTIONS: dict[type, Callable[[Values], Values]] = {sp.log: np.log, sp.exp: np.exp, sp.Abs: np.abs}
# R's functions of one column, by name, as the formula reader keeps them (undefined SymPy functions)
_BY_NAME: dict[str, Callable[[Values], Values]] = {
    "log10": np.log10, "log2": np.log2, "log1p": np.log1p, "expm1": np.expm1, "sin": np.sin, "cos": np.cos,
    "tan": np.tan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "trunc": np.trunc, "floor": np.floor,
    "ceiling": np.ceil, "sign": np.sign,
}
# functions whose values are several columns: the design does not build those yet
_MATRIX = ("ns", "bs", "splines::ns", "splines::bs", "cut", "interaction")
_SPLINES = ("ns", "bs", "splines::ns", "splines::bs")
_SPLINE_ARGUMENTS = {"df", "knots", "degree", "intercept"}
_NAMED = "__named_argument__"


def evaluate(expr: sp.Expr, columns: Mapping[str, np.ndarray]) -> Values:
    """``expr`` with each symbol replaced by its column (float64); a number stays a number."""
    if isinstance(expr, sp.Symbol):
        return columns[expr.name]
    if isinstance(expr, sp.Number):
        return float(expr)
    if isinstance(expr, AppliedUndef):
        return _by_name(expr, columns)
    args = [evaluate(a, columns) for a in expr.args]
    if isinstance(expr, sp.Add):
        return reduce(np.add, args)
    if isinstance(expr, sp.Mul):
        return reduce(np.multiply, args)
    if isinstance(expr, sp.Pow):
        return np.power(args[0], args[1])
    function = _FUNCTIONS.get(type(expr))
    if function is None:
        raise DataError(f"cannot evaluate {expression_name(expr)}: {type(expr).__name__} is not supported",
                        hint="use +, -, *, /, ^, log, exp, sqrt and abs inside I()")
    return function(args[0])


def _poly(expr: AppliedUndef, positional: list[sp.Basic], named: dict[str, sp.Basic],
          columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """R's ``poly(x, degree, raw = FALSE)``: the powers 1..degree of x (``raw = TRUE``), or their
    orthonormal basis as R computes it — x centred, the powers 0..degree orthogonalised by a QR
    decomposition (Q times the diagonal of R, so that each column's sign is R's), scaled to unit
    norm, the constant column dropped."""
    degree = named.get("degree", positional[1] if len(positional) > 1 else sp.Integer(1))
    if len(positional) > 2 or not isinstance(degree, sp.Integer) or int(degree) < 1:
        raise DataError(f"cannot compute {expression_name(expr)}: write poly(x, degree) with a whole degree",
                        hint="e.g. poly(x, 2) or poly(x, 2, raw = TRUE)")
    x = np.asarray(evaluate(positional[0], columns), dtype=np.float64)
    d = int(degree)
    if _flag(named.get("raw"), False):
        return np.column_stack([x**k for k in range(1, d + 1)])
    if d >= len(np.unique(x)):
        raise DataError(f"cannot compute {expression_name(expr)}: 'degree' must be less than the number of "
                        "unique points", hint="lower the degree")
    centred = x - x.mean()
    powers = np.column_stack([centred**k for k in range(d + 1)])
    q, r = np.linalg.qr(powers)
    basis = q * np.diag(r)
    basis = basis / np.sqrt((basis**2).sum(axis=0))
    return np.ascontiguousarray(basis[:, 1:])


def _numbers(value: sp.Basic | None) -> list[float] | None:
    """A number or ``c(...)`` of numbers, as floats; None when absent."""
    if value is None:
        return None
    if isinstance(value, AppliedUndef) and value.func.__name__ == "c":
        return [float(v) for v in value.args]
    return [float(value)]


def _spline(expr: AppliedUndef, name: str, argument: sp.Basic, named: dict[str, sp.Basic],
            columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """R's ``splines::ns`` and ``splines::bs``: B-splines on the knots R chooses (``df`` inner knots at
    quantiles of x, type 7, boundary knots at its range); ``ns`` then constrains the second derivative to
    0 at the boundary with R's QR (Householder reflections, as LINPACK's), as ``ns()`` computes it."""
    from scipy.interpolate import BSpline

    x = np.asarray(evaluate(argument, columns), dtype=np.float64)
    natural = name.endswith("ns")
    intercept = _flag(named.get("intercept"), False)
    degree = 3 if natural else int(float(named.get("degree", sp.Integer(3))))
    order = degree + 1
    df, knots = _numbers(named.get("df")), _numbers(named.get("knots"))
    lo, hi = float(x.min()), float(x.max())
    if knots is None:
        if df is None:
            inner = 0
        elif natural:
            inner = max(int(df[0]) - 1 - int(intercept), 0)
        else:
            inner = max(int(df[0]) - order + 1 - int(intercept), 0)
        knots = list(np.quantile(x, np.linspace(0, 1, inner + 2)[1:-1])) if inner else []
    t = np.sort(np.concatenate([[lo] * order, knots, [hi] * order]))
    count = len(t) - order
    eye = np.eye(count)
    basis = np.column_stack([BSpline(t, eye[i], degree, extrapolate=True)(x) for i in range(count)])
    first = 0 if intercept else 1
    basis = basis[:, first:]
    if natural:
        second = [BSpline(t, eye[i], degree, extrapolate=True).derivative(2) for i in range(count)]
        const = np.array([[d(b) for d in second] for b in (lo, hi)])[:, first:]
        q, _ = np.linalg.qr(const.T, mode="complete")
        basis = (q.T @ basis.T).T[:, 2:]
    return np.ascontiguousarray(basis)


def _arguments(expr: AppliedUndef) -> tuple[list[sp.Basic], dict[str, sp.Basic]]:
    positional: list[sp.Basic] = []
    named: dict[str, sp.Basic] = {}
    for arg in expr.args:
        if isinstance(arg, AppliedUndef) and arg.func.__name__ == _NAMED:
            named[str(arg.args[0])] = arg.args[1]
        else:
            positional.append(arg)
    return positional, named


def _flag(value: sp.Basic | None, default: bool) -> bool:
    if value is None:
        return default
    if value in (sp.true, sp.false):
        return bool(value == sp.true)
    raise DataError(f"cannot compute the argument {value}: notation computes TRUE or FALSE here",
                    hint="compute the column in the data first")


def _by_name(expr: AppliedUndef, columns: Mapping[str, np.ndarray]) -> Values:
    """R's functions kept by name: exactly as R computes them on the rows used."""
    name = expr.func.__name__
    positional, named = _arguments(expr)
    if name in _BY_NAME and len(positional) == 1 and not named:
        return _BY_NAME[name](evaluate(positional[0], columns))
    if name in ("log", "base::log") and len(positional) + len(named) == 2 and set(named) <= {"base"}:
        base = named.get("base", positional[1] if len(positional) > 1 else None)
        return np.log(evaluate(positional[0], columns)) / np.log(evaluate(base, columns))
    if name == "round" and positional and set(named) <= {"digits"} and len(positional) + len(named) <= 2:
        digits = named.get("digits", positional[1] if len(positional) > 1 else sp.Integer(0))
        if not (isinstance(digits, sp.Integer)):
            raise DataError(f"cannot compute {expression_name(expr)}: digits must be a whole number",
                            hint="write round(x) or round(x, 2)")
        return np.round(evaluate(positional[0], columns), int(digits))  # half to even, as R
    if name == "scale" and len(positional) == 1 and set(named) <= {"center", "scale"}:
        values = np.asarray(evaluate(positional[0], columns), dtype=np.float64)
        if _flag(named.get("center"), True):
            values = values - values.mean()
        if _flag(named.get("scale"), True):
            # R divides by the root mean square, sum(x^2)/(n - 1): the SD once centred
            values = values / np.sqrt(np.sum(values**2) / (len(values) - 1))
        return values
    if name in ("poly", "stats::poly") and positional and set(named) <= {"degree", "raw"}:
        return _poly(expr, positional, named, columns)
    if name in _SPLINES and len(positional) in (1, 2) and set(named) <= _SPLINE_ARGUMENTS:
        if len(positional) == 2:  # ns(x, 3): the second argument is df
            named = {**named, "df": positional[1]}
        return _spline(expr, name, positional[0], named, columns)
    if name in _MATRIX:
        raise DataError(f"cannot fit {expression_name(expr)} yet: {name}() gives several columns, which "
                        "notation does not compute",
                        hint="compute its columns in the data first and use their names "
                             "(for poly(x, 2, raw = TRUE): x + I(x^2))")
    raise DataError(f"cannot compute {expression_name(expr)}: notation does not know R's {name}()",
                    hint="use +, -, *, /, ^, log, exp, sqrt, abs, scale or round, or compute the column in "
                         "the data first")
