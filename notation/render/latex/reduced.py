"""LaTeX of the reduced (composite) form: fixed part, then the random part with the residual.

Contract: :class:`ReducedPrinter` writes ``lhs = fixed terms + (random terms + residual)`` as seed
001 prints it, terms in the order the derivation keeps (the user's), each product as coefficient
then data factors (γ₁₁ Z_j R_ij). Plugged-in estimates replace coefficients; a negative estimate
is written as a subtraction.
"""

from __future__ import annotations

import sympy as sp

from notation.render.latex.expression import aligned, join_terms
from notation.render.latex.form_printer import FormPrinter
from notation.render.latex.shapes import Product, Reduced

__all__ = ["ReducedPrinter"]


class ReducedPrinter(FormPrinter):
    """Prints a reduced form (``notation.derive.ReducedForm`` or anything shaped like it)."""

    def print(self, form: Reduced) -> str:
        fixed = [self.product(p) for p in form.fixed_terms]
        error = [self.product(p) for p in form.random_terms] + [self.printer.latex(form.residual)]
        grouped = [rf"\left({join_terms(error)}\right)"] if len(error) > 1 else error
        return aligned([(self.printer.latex(form.lhs), "=", fixed + grouped)], self.options)

    def product(self, product: Product) -> str:
        coefficient, factors = product
        data = " ".join(self._factor(f) for f in factors)
        coef = self.printer.latex(coefficient)
        if not data:
            return coef
        if coef == "1":
            return data
        if coef == "-1":
            return "-" + data
        return f"{coef} {data}"

    def _factor(self, factor: sp.Expr) -> str:
        text = self.printer.latex(factor)
        return rf"\left({text}\right)" if factor.is_Add else text
