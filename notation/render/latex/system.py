"""LaTeX of an equation system: the ``levels`` (double subscript) and ``bracket`` (Gelman–Hill) forms.

Contract: :class:`SystemPrinter` writes each level equation, highest level last, and each
distribution statement, in one ``aligned`` block. Terms of a sum are ordered as papers write them:
coefficients with their own equation and fixed intercepts first, then terms with data, then random
effects (a bare symbol with a group index), then the residual (a bare symbol with the observation
index). Subscripts are printed as the system holds them, so the same printer serves both styles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy as sp

from notation.ir import DistributionStatement, EquationSystem, Index, Name, pointer_free
from notation.render.latex.expression import ExpressionPrinter, aligned, matrix_latex, normal
from notation.render.latex.options import LatexOptions

__all__ = ["SystemPrinter"]


class SystemPrinter:
    """Prints an :class:`~notation.ir.EquationSystem` in the style it is written in."""

    def __init__(self, options: LatexOptions, columns: Iterable[str] = (),
                 values: Mapping[sp.Expr, sp.Expr] | None = None) -> None:
        self.options = options
        self.columns = tuple(columns)
        self.values = values

    def print(self, system: EquationSystem) -> str:
        printer = ExpressionPrinter(self.options, self.columns, self.values, rank=_Ranking(system, self))
        rows = [(printer.latex(e.lhs), "=", _terms(printer, e.rhs)) for e in
                sorted(system.equations, key=lambda e: e.level)]
        rows += [(_variables(printer, d), r"\sim", [_distribution(printer, d)]) for d in system.distributions]
        rows += [("", "", [_legend(index)]) for index in system.indices
                 if index.level > 1 and index.column is not None and index.column != index.letter]
        return aligned(rows, self.options)

    @property
    def expressions(self) -> ExpressionPrinter:
        return ExpressionPrinter(self.options, self.columns)

    def is_data(self, expr: sp.Expr) -> bool:
        return self.expressions.is_data(expr)


class _Ranking:
    """Sort key of a term: (kind, name), kinds as in the module docstring."""

    def __init__(self, system: EquationSystem, printer: SystemPrinter) -> None:
        self.defined = {pointer_free(e.lhs) for e in system.equations}
        self.observation = next((ix.letter for ix in system.indices if ix.level == 1), "i")
        self.groups = {ix.letter for ix in system.indices if ix.level > 1}
        self.printer = printer

    def __call__(self, term: sp.Expr) -> Any:
        return (self.kind(term), *self.printer.expressions.sort_keys(term))

    def kind(self, term: sp.Expr) -> int:
        if self.printer.is_data(term):
            return 1
        if not isinstance(term, sp.Symbol) or pointer_free(term) in self.defined:
            return 0
        subscript = Name.of(term).subscript
        letters = {ch for ch in subscript if ch.isalpha()}
        if self.observation in letters and letters <= self.groups | {self.observation}:
            return 3
        return 2 if letters and letters <= self.groups else 0


def _legend(index: Index) -> str:
    """equatiomatic's legend of an index, which names its column and which the equation reader reads
    back as an index line: the LaTeX alone says that j is school."""
    column = "".join(_TEXT_ESCAPES.get(c, c) for c in str(index.column))
    return rf"\text{{, for {column} {index.letter} = 1,}} \dots \text{{,{index.letter.upper()}}}"


_TEXT_ESCAPES = {"_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#", "$": r"\$", "{": r"\{", "}": r"\}"}


def _terms(printer: ExpressionPrinter, rhs: sp.Expr) -> list[str]:
    return [printer.latex(t) for t in sorted(_summands(rhs), key=printer.rank)]


def _summands(expr: sp.Expr) -> list[sp.Expr]:
    """The terms of a sum, unevaluated sums inside it opened, so that they are ranked before
    estimates replace their coefficients."""
    return [t for a in sp.Add.make_args(expr) for t in (_summands(a) if a.is_Add else [a])]


def _variables(printer: ExpressionPrinter, statement: DistributionStatement) -> str:
    if len(statement.variables) == 1:
        return printer.latex(statement.variables[0])
    return matrix_latex(printer, sp.Matrix(statement.variables), "pmatrix")


def _distribution(printer: ExpressionPrinter, statement: DistributionStatement) -> str:
    mean = (printer.latex(statement.mean[0]) if len(statement.mean) == 1
            else matrix_latex(printer, sp.Matrix(statement.mean), "pmatrix"))
    cov = statement.covariance
    spread = matrix_latex(printer, cov, "pmatrix") if isinstance(cov, sp.MatrixBase) else printer.latex(cov)
    if statement.family != "normal":
        return rf"\operatorname{{{statement.family}}}\left({mean},\ {spread}\right)"
    return normal(mean, spread)
