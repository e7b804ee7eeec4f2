"""LaTeX of the penalized-regression form (seed 002 model 6).

Contract: :class:`PenalizedPrinter` writes μ = Xβ + Zu and the loss whose minimiser gives the
mixed-model estimates: (1/σ²)‖y − μ‖² + uᵀG⁻¹u, with G = I_J ⊗ ψ per grouping factor and ψ
written out — the penalty that shrinks each cluster's effects toward zero.
"""

from __future__ import annotations

from notation.render.latex.covariance import CovariancePrinter, psi_name
from notation.render.latex.expression import aligned_lines, bold, matrix_latex
from notation.render.latex.shapes import Covariances

__all__ = ["PenalizedPrinter"]


class PenalizedPrinter(CovariancePrinter):
    """Prints the penalized least-squares criterion of a mixed model."""

    def print(self, covariances: Covariances) -> str:
        y, x, beta, u = (bold(n) for n in ("y", "X", "beta", "u"))
        mu = r"\boldsymbol{\mu}"
        s2 = self.printer.latex(covariances.residual_variance)
        if not covariances.groups:
            return (rf"\hat{{{beta}}} = \mathop{{\mathrm{{arg\,min}}}}\limits_{{{beta}}}\ "
                    rf"\frac{{1}}{{{s2}}} \left\lVert {y} - {x}{beta} \right\rVert^{{2}}")
        several = len(covariances.groups) > 1
        lines = [
            rf"{mu} &= {self.mean(covariances)}",
            rf"\left(\hat{{{beta}}}, \hat{{{u}}}\right) &= "
            rf"\mathop{{\mathrm{{arg\,min}}}}\limits_{{{beta},\,{u}}}\ \frac{{1}}{{{s2}}} "
            rf"\left\lVert {y} - {mu} \right\rVert^{{2}} + {u}^{{\top}} \mathbf{{G}}^{{-1}} {u}",
        ]
        kron = [self.printer.latex(g.levels) for g in covariances.groups]
        kron = [rf"\mathbf{{I}}_{{{levels}}} \otimes {psi_name(self.options, g, several)}"
                for levels, g in zip(kron, covariances.groups, strict=True)]
        lines.append(r"\mathbf{G} &= " + (kron[0] if len(kron) == 1 else
                                           r"\operatorname{diag}\left(" + ",\\ ".join(kron) + r"\right)"))
        lines += [rf"{psi_name(self.options, g, several)} &= {matrix_latex(self.printer, g.psi, 'pmatrix')}"
                  for g in covariances.groups]
        return aligned_lines(lines)
