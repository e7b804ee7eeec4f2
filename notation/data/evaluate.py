"""Numeric values of a factor expression (``x**2``, ``log(x)``, ``sqrt(a + b)``) on data columns.

Contract: :func:`evaluate` walks the SymPy tree the parser built — numbers, symbols, ``Add``,
``Mul``, ``Pow``, ``log``, ``exp``, ``Abs`` — and applies the matching NumPy operation to the
columns. Nothing is printed to source code and executed (as ``sympy.lambdify`` would do), so no
text from a spec can ever run; an expression outside that whitelist is a :class:`DataError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import reduce

import numpy as np
import sympy as sp

from notation.errors import DataError
from notation.ir import expression_name

__all__ = ["evaluate"]

Values = np.ndarray | float
_FUNCTIONS: dict[type, Callable[[Values], Values]] = {sp.log: np.log, sp.exp: np.exp, sp.Abs: np.abs}


def evaluate(expr: sp.Expr, columns: Mapping[str, np.ndarray]) -> Values:
    """``expr`` with each symbol replaced by its column (float64); a number stays a number."""
    if isinstance(expr, sp.Symbol):
        return columns[expr.name]
    if isinstance(expr, sp.Number):
        return float(expr)
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
