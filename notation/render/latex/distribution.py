"""LaTeX of the distribution form: y | u ~ N(Xβ + Zu, R), u_j ~ N(0, ψ) with ψ written out.

Contract: :class:`DistributionPrinter` takes a matrix form and the G/R structures; it writes the
conditional distribution of y (seed 002 model 4b), one line per grouping factor for its random
effects with ψ entry by entry (seed 001 §3, seed 000's G), and the residual distribution.
"""

from __future__ import annotations

from notation.render.latex.covariance import CovariancePrinter, random_effect_lines, residual_line
from notation.render.latex.expression import aligned_lines, bold, normal
from notation.render.latex.shapes import Covariances

__all__ = ["DistributionPrinter"]


class DistributionPrinter(CovariancePrinter):
    """Prints y ~ N(Xβ + Zu, σ²I) and the random-effect distributions."""

    def print(self, covariances: Covariances) -> str:
        s2 = self.printer.latex(covariances.residual_variance)
        spread = s2 + r" \mathbf{I}" if covariances.residual_kind == "iid" else r"\mathbf{R}"
        given = rf" \mid {bold('u')}" if covariances.groups else ""
        lines = [rf"{bold('y')}{given} &\sim {normal(self.mean(covariances), spread)}"]
        lines += random_effect_lines(self.printer, covariances, self.options)
        if covariances.residual_kind != "iid":
            lines.append(residual_line(self.printer, covariances, self.options))
        return aligned_lines(lines)
