"""LaTeX of the Bayesian form (seed 002 model 7): priors, the random-effect prior, the likelihood.

Contract: :class:`BayesianPrinter` writes the priors β ~ N(0, v), σ ~ Half-Cauchy(0, r), the random
effects' N(0, ψ) as their prior with ψ written out, and y ~ N(Xβ + Zu, σ²I), as seed 002 prints it.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from notation.render.latex.covariance import random_effect_lines
from notation.render.latex.expression import ExpressionPrinter, aligned_lines, bold, normal
from notation.render.latex.options import LatexOptions
from notation.render.latex.shapes import Covariances

__all__ = ["BayesianPrinter"]


class BayesianPrinter:
    """Prints the model as a Bayesian hierarchy."""

    def __init__(self, options: LatexOptions, values: Mapping[sp.Expr, sp.Expr] | None = None) -> None:
        self.options = options
        self.printer = ExpressionPrinter(options, values=values)

    def print(self, covariances: Covariances) -> str:
        y, x, beta, z, u = (bold(n) for n in ("y", "X", "beta", "Z", "u"))
        cauchy = r"\operatorname{Half-Cauchy}\left(0,\ r\right)"
        prior = normal(r"\mathbf{0}", r"v \mathbf{I}")
        lines = [rf"{beta} &\sim {prior},\quad \sigma \sim {cauchy}"]
        if covariances.groups:
            lines += random_effect_lines(self.printer, covariances, self.options)
        mean = f"{x}{beta} + {z}{u}" if covariances.groups else f"{x}{beta}"
        s2 = self.printer.latex(covariances.residual_variance)
        likelihood = normal(mean, s2 + r" \mathbf{I}")
        lines.append(rf"{y} &\sim {likelihood}")
        return aligned_lines(lines)
