"""The arithmetic a spec may write, as SymPy objects built directly — never by evaluating text.

Contract: :func:`rational` turns a number token (``2``, ``0.5``) into an exact ``sp.Rational``;
:data:`FUNCTIONS` is the whitelist of functions both languages apply to an expression
(``log``, ``exp``, ``sqrt``, ``abs``). Each grammar's Transformer adds its own spellings
(``I()`` in formulas, ``\\ln`` in equations) and refuses every other name.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import sympy as sp

__all__ = ["FUNCTIONS", "rational"]

FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "log": sp.log,
    "exp": sp.exp,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
}


def rational(text: str) -> sp.Rational:
    """``"0.25"`` → ``Rational(1, 4)``: decimals stay exact, as R reads them into a formula."""
    fraction = Fraction(text)
    return sp.Rational(fraction.numerator, fraction.denominator)
