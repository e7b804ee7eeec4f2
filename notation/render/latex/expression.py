"""SymPy → LaTeX for model expressions, and the shared layout of equations (``aligned``, wrapping).

Contract: :class:`ExpressionPrinter` is SymPy's LaTeX printer with a model's conventions: data
variables (a symbol named after a data column, ``Days`` or ``Days_ij``) are set per
``LatexOptions.variables``; parameters are written before data in a product (γ₁₁ Z_j R_ij);
a sum is written in the order the caller ranks its terms; estimates (``values``) replace
parameters and print with ``LatexOptions.digits`` significant digits. :func:`join_terms` and
:func:`aligned` lay out equations, breaking after ``terms_per_line`` terms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sympy as sp
from sympy.core.sorting import default_sort_key
from sympy.printing.latex import LatexPrinter

from notation.ir import Name
from notation.ir.symbols import data_column
from notation.render.latex.options import LatexOptions

__all__ = ["ExpressionPrinter", "aligned", "aligned_lines", "bold", "join_terms", "matrix_latex", "normal"]

_ESCAPES = {"\\": r"\backslash ", "_": r"\_", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$",
            "%": r"\%", "&": r"\&", "^": r"\hat{}", "~": r"\sim ", " ": r"\ "}


def _escaped(name: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in name)


class ExpressionPrinter(LatexPrinter):
    """LaTeX of model expressions; ``rank`` orders the terms of a sum (default: parameters, then data)."""

    def __init__(self, options: LatexOptions, columns: Iterable[str] = (),
                 values: Mapping[sp.Expr, sp.Expr] | None = None,
                 rank: Callable[[sp.Expr], Any] | None = None) -> None:
        super().__init__({"mul_symbol": None})
        self.options = options
        self.columns = sorted(set(columns), key=len, reverse=True)
        self.values = dict(values or {})
        self.rank = rank or self.default_rank

    def latex(self, expr: Any) -> str:
        """``expr`` with estimates put in, as LaTeX."""
        if isinstance(expr, sp.Basic) and self.values:
            expr = expr.xreplace(self.values)
        return str(self.doprint(expr))

    def data_column(self, symbol: sp.Symbol) -> tuple[str, str] | None:
        """(column, subscript) when ``symbol`` is a data variable, else None."""
        return data_column(symbol, self.columns)

    def is_data(self, expr: sp.Expr) -> bool:
        return any(self.data_column(s) is not None for s in expr.free_symbols if isinstance(s, sp.Symbol))

    def default_rank(self, term: sp.Expr) -> Any:
        return (self.is_data(term), *self.sort_keys(term))

    def sort_keys(self, term: sp.Expr) -> tuple[Any, Any]:
        """Sort by the parameter part first (γ₀₁Z before γ₀₂S), then by the data part."""
        factors = sp.Mul.make_args(term)
        parameters = sp.Mul(*(f for f in factors if not self.is_data(f)))
        data = sp.Mul(*(f for f in factors if self.is_data(f)))
        return default_sort_key(parameters), default_sort_key(data)

    def _print_Symbol(self, expr: sp.Symbol, style: str = "plain") -> str:
        found = self.data_column(expr)
        if found is None:
            return str(super()._print_Symbol(expr))
        column, subscript = found
        if self.options.variables == "operatorname":
            base = rf"\operatorname{{{_escaped(column)}}}"
        else:
            base = _escaped(column) if len(column) == 1 else rf"\mathit{{{_escaped(column)}}}"
        return base + (f"_{{{subscript}}}" if subscript else "")

    def _print_Float(self, expr: sp.Float) -> str:
        text = f"{float(expr):.{self.options.digits}g}"
        mantissa, _, exponent = text.partition("e")
        return mantissa if not exponent else rf"{mantissa} \cdot 10^{{{int(exponent)}}}"

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        return join_terms(self.latex(t) for t in sorted(expr.args, key=self.rank))

    def _print_Mul(self, expr: sp.Mul) -> str:
        # SymPy's _print_Pow hands x**-1 over to _print_Mul: a Pow, which only SymPy's own path can take apart
        if not expr.is_Mul or any(f.is_Pow and f.exp.is_negative for f in expr.args) or any(
                f.is_Rational and not f.is_Integer for f in expr.args):
            return str(super()._print_Mul(expr))
        number, rest = expr.as_coeff_Mul()
        factors = sorted(sp.Mul.make_args(rest), key=lambda f: (self.is_data(f), default_sort_key(f)))
        body = " ".join(self._factor(f) for f in factors)
        if number == 1:
            return body
        if number == -1:
            return "-" + body
        return f"{self.latex(number)} {body}"

    def _factor(self, factor: sp.Expr) -> str:
        text = self.latex(factor)
        return rf"\left({text}\right)" if factor.is_Add else text


def join_terms(pieces: Iterable[str]) -> str:
    """``a``, ``-b``, ``c`` → ``a - b + c``."""
    out = ""
    for piece in pieces:
        if not out:
            out = piece
        elif piece.startswith("-"):
            out += " - " + piece[1:].lstrip()
        else:
            out += " + " + piece
    return out or "0"


def aligned(rows: Sequence[tuple[str, str, Sequence[str]]], options: LatexOptions) -> str:
    """``(lhs, relation, terms)`` rows as one ``aligned`` block, wrapped after ``terms_per_line`` terms."""
    lines = []
    for lhs, relation, terms in rows:
        step = options.terms_per_line if options.terms_per_line > 0 else max(len(terms), 1)
        chunks = [list(terms[k:k + step]) for k in range(0, len(terms), step)] or [[]]
        lines.append(f"{lhs} &{relation} {join_terms(chunks[0])}")
        for chunk in chunks[1:]:
            text = join_terms(chunk)
            lines.append(r"&\quad " + (text if text.startswith("-") else "+ " + text))
    return aligned_lines(lines)


def aligned_lines(lines: Sequence[str]) -> str:
    """Rows already holding their ``&`` as one ``aligned`` block."""
    return "\\begin{aligned}\n" + " \\\\\n".join(lines) + "\n\\end{aligned}"


def bold(name: str) -> str:
    """A vector or matrix name: Latin letters upright bold, Greek letters bold italic."""
    head = Name.of(name).base
    sub = name[len(head) + 1:]
    greek = head in {"beta", "epsilon", "varepsilon", "gamma", "psi", "Sigma", "theta", "mu", "Psi"}
    letter = rf"\boldsymbol{{\{head}}}" if greek else rf"\mathbf{{{head}}}"
    return letter + (f"_{{{sub}}}" if sub else "")


def matrix_latex(printer: ExpressionPrinter, matrix: sp.MatrixBase, kind: str = "bmatrix") -> str:
    """A matrix written out entry by entry."""
    rows = [" & ".join(printer.latex(matrix[r, c]) for c in range(matrix.shape[1]))
            for r in range(matrix.shape[0])]
    return rf"\begin{{{kind}}} " + r" \\ ".join(rows) + rf" \end{{{kind}}}"


def normal(mean: str, covariance: str) -> str:
    return rf"\mathcal{{N}}\left({mean},\ {covariance}\right)"
