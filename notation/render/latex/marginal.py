"""LaTeX of the marginal form: Σ = ZGZᵀ + R, and V_j = Z_jψZ_jᵀ + R_j entry by entry, with the ICC.

Contract: :class:`MarginalPrinter` writes y ~ N(Xβ, Σ) (seed 002 model 5b), Σ's construction, and
— for one grouping factor — Z_j, ψ and the expanded V_j of a small cluster (τ² + σ² on the
diagonal, τ² off it for a random intercept; functions of the covariate values for slopes),
then the intraclass correlation when one is given.
"""

from __future__ import annotations

from notation.render.latex.covariance import covariance_name
from notation.render.latex.expression import aligned_lines, bold, matrix_latex, normal
from notation.render.latex.form_printer import FormPrinter
from notation.render.latex.shapes import Icc, Marginal

__all__ = ["MarginalPrinter"]


class MarginalPrinter(FormPrinter):
    """Prints a marginal covariance (``notation.derive.MarginalCovariance`` or alike)."""

    def print(self, marginal: Marginal, icc: Icc | None = None) -> str:
        y, x, beta, z = (bold(n) for n in ("y", "X", "beta", "Z"))
        sigma = r"\boldsymbol{\Sigma}"
        lines = [rf"{y} &\sim {normal(x + beta, sigma)}"]
        if marginal.Z is None or marginal.psi is None or marginal.V is None:
            lines.append(rf"{sigma} &= {z}\mathbf{{G}}{z}^{{\top}} + \mathbf{{R}}")
            return aligned_lines(lines)
        letter = marginal.letter or "j"
        psi = covariance_name(self.options)
        z_j, v_j, r_j = (bold(name + "_" + letter) for name in ("Z", "V", "R"))
        lines += [
            rf"{sigma} &= \operatorname{{diag}}\left({bold('V_1')}, \ldots, {bold('V_J')}\right),\quad "
            rf"{v_j} = {z_j} {psi} {z_j}^{{\top}} + {r_j}",
            rf"{z_j} &= {matrix_latex(self.printer, marginal.Z)},\quad {psi} = "
            rf"{matrix_latex(self.printer, marginal.psi)},\quad "
            rf"{r_j} = {matrix_latex(self.printer, marginal.R)}",
            rf"{v_j} &= {matrix_latex(self.printer, marginal.V)}",
        ]
        if icc is not None:
            # its own symbol, ρ_group: a spec's ρ (a correlation of ψ, of the residuals) is another thing;
            # with random slopes the ratio depends on the covariates, and says so: ρ_j(x)
            covariates = ", ".join(self.printer.latex(c) for c in icc.covariates)
            at = rf"\left({covariates}\right)" if covariates else ""
            lines.append(rf"{self.printer.latex(icc.name)}{at} &= {self.printer.latex(icc.value)}")
        return aligned_lines(lines)
