"""LaTeX of the Bayesian form (seed 002 model 7): priors, the random-effect prior, the likelihood.

Contract: :class:`BayesianPrinter` writes the priors β ~ N(0, v), σ ~ Half-Cauchy(0, r), the random
effects' N(0, ψ) as their prior with ψ written out, and y ~ N(Xβ + Zu, σ²I), as seed 002 prints it.
"""

from __future__ import annotations

from notation.render.latex.covariance import CovariancePrinter, random_effect_lines
from notation.render.latex.expression import aligned_lines, bold, normal
from notation.render.latex.shapes import Covariances

__all__ = ["BayesianPrinter"]


class BayesianPrinter(CovariancePrinter):
    """Prints the model as a Bayesian hierarchy."""

    def print(self, covariances: Covariances) -> str:
        y, beta = bold("y"), bold("beta")
        cauchy = r"\operatorname{Half-Cauchy}\left(0,\ r\right)"
        prior = normal(r"\mathbf{0}", r"v \mathbf{I}")
        lines = [rf"{beta} &\sim {prior},\quad \sigma \sim {cauchy}"]
        if covariances.groups:
            lines += random_effect_lines(self.printer, covariances, self.options)
        s2 = self.printer.latex(covariances.residual_variance)
        likelihood = normal(self.mean(covariances), s2 + r" \mathbf{I}")
        lines.append(rf"{y} &\sim {likelihood}")
        return aligned_lines(lines)
