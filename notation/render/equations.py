"""EquationSystem → plain text that ``parse_equations`` reads back to the same model.

Contract: :func:`format_equations` prints the level equations in order (level 1 first), then
the distribution statements, then one index line per group index (``j: school``; none when the
column has the letter's own name, ``j: j``). Symbols are
written ``base_sub`` (``beta_0j``, ``u_0j[i]``); a subscript that is not a run of letters and
digits is braced (``beta_{1,10j}``); a name that is not an identifier is written ``\\text{...}``
and then every subscript on its line is braced, since the line is read by TeX's rules. Products
are written with ``*``, powers with ``^``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

import sympy as sp

from notation.errors import SpecMeaningError
from notation.ir import DistributionStatement, EquationSystem, LevelEquation, Name

__all__ = ["format_equations"]

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\^\{?[^_{}]*\}?)?")
_RUN = re.compile(r"[A-Za-z0-9]+(?:\[[a-z]+\])?")
_FUNCTIONS = {sp.log: "log", sp.exp: "exp", sp.Abs: "abs"}


def format_equations(system: EquationSystem) -> str:
    """The system as plain text; see the module docstring."""
    lines = [_line(partial(_equation, equation=e)) for e in sorted(system.equations, key=lambda e: e.level)]
    lines += [_line(partial(_distribution, statement=d)) for d in system.distributions]
    lines += [f"{index.letter}: {index.column}" for index in system.indices
              if index.column is not None and index.column != index.letter]
    return "\n".join(lines)


def _line(render: Callable[[_Printer], str]) -> str:
    """Plain first; braced subscripts when the line turns out to need TeX (a ``\\text{}`` name)."""
    text = render(_Printer(braces=False))
    return text if "\\" not in text else render(_Printer(braces=True))


def _equation(printer: _Printer, equation: LevelEquation) -> str:
    return f"{printer.symbol(equation.lhs)} = {printer.expr(equation.rhs)}"


def _distribution(printer: _Printer, statement: DistributionStatement) -> str:
    names = [printer.symbol(v) for v in statement.variables]
    lhs = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
    mean = statement.mean[0] if len(set(statement.mean)) == 1 else sp.ImmutableMatrix(statement.mean)
    return f"{lhs} ~ N({printer.expr(mean)}, {printer.expr(statement.covariance)})"


class _Printer:
    def __init__(self, *, braces: bool) -> None:
        self.braces = braces

    def symbol(self, symbol: sp.Expr) -> str:
        assert isinstance(symbol, sp.Symbol)
        name = Name.of(symbol)
        base, sub = name.base, name.text[len(name.base) + 1:]
        if "^" in sub:  # a superscript after the subscript (sigma_u^2) is part of the name
            base, sub = symbol.name, ""
        base = base if _IDENTIFIER.fullmatch(base) else "\\text{" + base + "}"
        base = re.sub(r"\^(?!\{)(.+)$", r"^{\1}", base) if "^" in base else base
        if not sub:
            return base
        return f"{base}_{sub}" if _RUN.fullmatch(sub) and not self.braces else f"{base}_{{{sub}}}"

    def expr(self, expr: sp.Expr | sp.MatrixBase) -> str:
        if isinstance(expr, sp.MatrixBase):
            return self.matrix(expr)
        if isinstance(expr, sp.Symbol):
            return self.symbol(expr)
        if isinstance(expr, sp.Add):
            return self.sum(expr)
        if isinstance(expr, sp.Mul):
            return self.product(expr)
        if isinstance(expr, sp.Pow):
            return f"{self.atom(expr.base)}^{self.atom(expr.exp)}"
        if isinstance(expr, sp.Rational):
            return str(expr)
        for function, name in _FUNCTIONS.items():
            if isinstance(expr, function):
                return f"{name}({self.expr(expr.args[0])})"
        # SymPy rewrites some functions on its own (abs(exp(x)) is exp(re(x))), and R's functions a
        # formula keeps by name (poly, ns, scale, ...) have no spelling in the equation language either
        raise SpecMeaningError(f"cannot write {expr} as plain-text equations: the equation language has "
                               "log, exp, sqrt and abs only",
                               hint="notation latex SPEC shows it as written; simplify it (abs(exp(x)) is "
                                    "exp(x)) or compute it as a column of the data")

    def sum(self, expr: sp.Add) -> str:
        out = ""
        for k, term in enumerate(expr.args):
            negative = isinstance(term, sp.Mul) and term.args[0] == -1
            shown = self.expr(sp.Mul(*term.args[1:], evaluate=False) if negative else term)
            out += (" - " if negative else " + ") + shown if k else ("-" if negative else "") + shown
        return out

    def product(self, expr: sp.Mul) -> str:
        return "*".join(self.atom(f) for f in expr.args)

    def atom(self, expr: sp.Expr) -> str:
        text = self.expr(expr)
        return f"({text})" if isinstance(expr, sp.Add | sp.Mul) or (
            isinstance(expr, sp.Rational) and not (expr.is_Integer and expr >= 0)) else text

    def matrix(self, matrix: sp.MatrixBase) -> str:
        if matrix.is_diagonal() and matrix.shape[0] > 1:
            return "diag(" + ", ".join(self.expr(matrix[k, k]) for k in range(matrix.shape[0])) + ")"
        rows = [" & ".join(self.expr(c) for c in matrix.row(r)) for r in range(matrix.shape[0])]
        return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"
