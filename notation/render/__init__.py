"""IR → text: canonical lme4 formulas, plain-text level equations, LaTeX in every form.

One printer class per output; all LaTeX printers share one :class:`LatexOptions`. Which derived
object a LaTeX form needs is decided by ``notation.forms.render_latex`` (render never derives).
"""

from notation.render.equations import format_equations
from notation.render.formula import format_formula
from notation.render.latex import (
    BayesianPrinter,
    DistributionPrinter,
    ExpressionPrinter,
    LatexOptions,
    MarginalPrinter,
    MatrixPrinter,
    PenalizedPrinter,
    ReducedPrinter,
    SystemPrinter,
)

__all__ = [
    "BayesianPrinter",
    "DistributionPrinter",
    "ExpressionPrinter",
    "LatexOptions",
    "MarginalPrinter",
    "MatrixPrinter",
    "PenalizedPrinter",
    "ReducedPrinter",
    "SystemPrinter",
    "format_equations",
    "format_formula",
]
