"""LaTeX of the distribution form: y | u ~ N(Xβ + Zu, R), u_j ~ N(0, ψ) with ψ written out.

Contract: :class:`DistributionPrinter` takes a matrix form and the G/R structures; it writes the
conditional distribution of y (seed 002 model 4b), one line per grouping factor for its random
effects with ψ entry by entry (seed 001 §3, seed 000's G), and the residual distribution.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from notation.render.latex.covariance import random_effect_lines, residual_line
from notation.render.latex.expression import ExpressionPrinter, aligned_lines, bold, normal
from notation.render.latex.options import LatexOptions
from notation.render.latex.shapes import Covariances

__all__ = ["DistributionPrinter"]


class DistributionPrinter:
    """Prints y ~ N(Xβ + Zu, σ²I) and the random-effect distributions."""

    def __init__(self, options: LatexOptions, values: Mapping[sp.Expr, sp.Expr] | None = None) -> None:
        self.options = options
        self.printer = ExpressionPrinter(options, values=values)

    def print(self, covariances: Covariances) -> str:
        mean = f"{bold('X')}{bold('beta')} + {bold('Z')}{bold('u')}" if covariances.groups else \
            f"{bold('X')}{bold('beta')}"
        s2 = self.printer.latex(covariances.residual_variance)
        spread = s2 + r" \mathbf{I}" if covariances.residual_kind == "iid" else r"\mathbf{R}"
        given = rf" \mid {bold('u')}" if covariances.groups else ""
        lines = [rf"{bold('y')}{given} &\sim {normal(mean, spread)}"]
        lines += random_effect_lines(self.printer, covariances, self.options)
        if covariances.residual_kind != "iid":
            lines.append(residual_line(self.printer, covariances, self.options))
        return aligned_lines(lines)
