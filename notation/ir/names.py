"""lme4's names for the pieces of a model: variables, factor expressions, terms.

The IR owns these names because every stage shows them: the formula printer writes them,
the design names its columns with them (``I(x^2)``, ``log(dose)``, ``R:Z``) and the fit
reports under them. Names follow R's deparse: ``^`` for powers, backquotes around names
that are not syntactic.

``factor(x)`` / ``as.factor(x)`` of a formula is :func:`categorical` of the column: a SymPy
application of the undefined function ``factor`` (both spellings normalise to it, so terms compare
equal), named ``factor(x)`` as lme4 names it; the column is coded as a factor whatever its dtype.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.printing.str import StrPrinter

__all__ = [
    "DATA_DEPENDENT", "categorical", "categorical_column", "data_dependent", "expression_name",
    "is_syntactic", "level_label", "make_unique", "matrix_columns", "variable_name",
]

_SYNTACTIC = re.compile(r"^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$")
_RESERVED = {"if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
             "NULL", "Inf", "NaN", "NA", "in"}
# Functions a formula may apply to a variable without I(); everything else is written inside I().
BARE_FUNCTIONS = ("log", "exp", "sqrt", "abs")
# R's factor(): an undefined SymPy function, so that nothing can evaluate it as arithmetic
_FACTOR = sp.Function("factor")
# the name of the undefined function the formula reader wraps a function's named argument in
NAMED_ARGUMENT = "__named_argument__"


def categorical(column: str) -> sp.Expr:
    """``factor(column)``: the column as a factor, whatever its values."""
    return _FACTOR(sp.Symbol(column))


def categorical_column(expr: sp.Expr) -> str | None:
    """The column of ``factor(column)``, or None for any other expression."""
    if isinstance(expr, AppliedUndef) and expr.func == _FACTOR and isinstance(expr.args[0], sp.Symbol):
        return expr.args[0].name
    return None


# R functions whose values depend on all the rows (poly's basis, scale's centre): new rows need the
# fitted data's constants, which R keeps by makepredictcall
DATA_DEPENDENT = ("scale", "poly", "stats::poly", "ns", "bs", "splines::ns", "splines::bs")


def data_dependent(expr: sp.Expr) -> str | None:
    """The first R function in ``expr`` whose value depends on all the rows (``scale``, ``poly``), if any."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, AppliedUndef) and node.func.__name__ in DATA_DEPENDENT:
            return str(node.func.__name__)
    return None


def matrix_columns(expr: sp.Expr) -> tuple[str, ...] | None:
    """The suffixes of the columns R's ``poly(x, degree)`` gives (``1``, ``2``...; R names the model-matrix
    columns ``poly(x, 2)1``, ``poly(x, 2)2``), None for a factor of one column."""
    if not isinstance(expr, AppliedUndef):
        return None
    if expr.func.__name__ in ("ns", "bs", "splines::ns", "splines::bs"):
        return _spline_columns(expr)
    if expr.func.__name__ not in ("poly", "stats::poly"):
        return None

    def is_named(a: sp.Basic) -> bool:
        return isinstance(a, AppliedUndef) and a.func.__name__ == NAMED_ARGUMENT

    positional = [a for a in expr.args if not is_named(a)]
    named = {str(a.args[0]): a.args[1] for a in expr.args if is_named(a)}
    degree = named.get("degree", positional[1] if len(positional) > 1 else sp.Integer(1))
    if not (isinstance(degree, sp.Integer) and 1 <= int(degree) <= 50):
        return None
    return tuple(str(k) for k in range(1, int(degree) + 1))


def _spline_columns(expr: AppliedUndef) -> tuple[str, ...] | None:
    """The columns of ``ns(x, df = d)`` (d, or knots + 1) and ``bs(x, df = d)`` (d, or knots + degree)."""
    def is_named(a: sp.Basic) -> bool:
        return isinstance(a, AppliedUndef) and a.func.__name__ == NAMED_ARGUMENT

    named = {str(a.args[0]): a.args[1] for a in expr.args if is_named(a)}
    positional = [a for a in expr.args if not is_named(a)]
    if len(positional) > 2:
        return None
    df = named.get("df", positional[1] if len(positional) > 1 else None)
    knots = named.get("knots")
    intercept = named.get("intercept") == sp.true
    natural = expr.func.__name__.endswith("ns")
    degree = named.get("degree", sp.Integer(3))
    if knots is not None:
        count = len(knots.args) if isinstance(knots, AppliedUndef) and knots.func.__name__ == "c" else 1
        columns = count + 1 + int(intercept) if natural else count + int(degree) + int(intercept)
    elif df is not None and isinstance(df, sp.Integer):
        columns = int(df)
    elif df is None:
        columns = 1 + int(intercept) if natural else int(degree) + int(intercept)
    else:
        return None
    return tuple(str(k) for k in range(1, columns + 1)) if 0 < columns <= 100 else None


def is_syntactic(name: str) -> bool:
    """Whether R can read ``name`` without backquotes (``sch.id`` yes, ``my var`` no)."""
    return bool(_SYNTACTIC.match(name)) and name not in _RESERVED


def variable_name(name: str) -> str:
    """A variable as a formula writes it: bare when syntactic, else in backquotes."""
    return name if is_syntactic(name) else "`" + name.replace("`", "\\`") + "`"


class _FormulaExpressionPrinter(StrPrinter):
    """SymPy's str printer with R's spelling: ``^`` for powers, ``abs``, backquoted names."""

    def _print_Symbol(self, expr: sp.Symbol) -> str:
        return variable_name(expr.name)

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exponent = expr.as_base_exp()
        if exponent == sp.Rational(1, 2):
            return f"sqrt({self._print(base)})"
        if exponent == -1:
            return f"1/{self.parenthesize(base, 100)}"
        return f"{self.parenthesize(base, 60)}^{self.parenthesize(exponent, 60)}"

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_Function(self, expr: sp.Expr) -> str:
        # R's functions kept by name (poly(x, 2, raw = TRUE)); a named argument is name = value
        if expr.func.__name__ == NAMED_ARGUMENT:
            return f"{expr.args[0]} = {self._print(expr.args[1])}"
        return f"{expr.func.__name__}({', '.join(self._print(a) for a in expr.args)})"

    def _print_BooleanTrue(self, expr: sp.Basic) -> str:
        return "TRUE"

    def _print_BooleanFalse(self, expr: sp.Basic) -> str:
        return "FALSE"

    def _print_Str(self, expr: sp.Basic) -> str:
        return '"' + str(expr).replace('"', '\\"') + '"'


_PRINTER = _FormulaExpressionPrinter({"order": "none"})


def expression_name(expr: sp.Expr) -> str:
    """The name lme4 gives a factor: ``x``, ``log(x)``, ``sqrt(x)``, ``I(x^2)``, ``factor(x)``."""
    if isinstance(expr, sp.Symbol):
        return variable_name(expr.name)
    column = categorical_column(expr)
    if column is not None:
        return f"factor({variable_name(column)})"
    if isinstance(expr, (sp.log, sp.exp, sp.Abs, AppliedUndef)) or (
        isinstance(expr, sp.Pow) and expr.exp == sp.Rational(1, 2)
    ):
        return _PRINTER.doprint(expr)
    return f"I({_PRINTER.doprint(expr)})"


def make_unique(names: Iterable[str]) -> list[str]:
    """R's ``make.unique``: a name's repeats get ``.1``, ``.2``, … (``(Intercept)``, ``(Intercept).1``;
    lme4's groups ``Subject``, ``Subject.1``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen.get(name, 0)
        seen[name] = count + 1
        out.append(f"{name}.{count}" if count else name)
    return out


def level_label(value: object) -> str:
    """A factor level as R prints it: ``TRUE``/``FALSE`` for logicals, ``1`` for ``1.0``.

    The design names its contrast columns with it (``SexTRUE``, ``wave2``) and the derivations
    name their display terms with it, so both must agree; NumPy scalars are recognised without
    importing NumPy here.
    """
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        return "TRUE" if value else "FALSE"
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        number = float(value)
        if number.is_integer():
            return str(int(number))
    return str(value)
