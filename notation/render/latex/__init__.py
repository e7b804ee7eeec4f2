"""LaTeX printers, one class per form, all sharing one :class:`LatexOptions`.

Contract: each printer takes IR objects (EquationSystem) or derived objects (anything shaped like
``notation.derive``'s ReducedForm, MatrixForm, CovarianceStructures, MarginalCovariance — see
``shapes``) and returns display-math LaTeX that KaTeX renders. Printers never derive: which object
a form needs is decided in ``notation.forms.render_latex``.
"""

from notation.render.latex.bayesian import BayesianPrinter
from notation.render.latex.distribution import DistributionPrinter
from notation.render.latex.expression import ExpressionPrinter
from notation.render.latex.marginal import MarginalPrinter
from notation.render.latex.matrix import MatrixPrinter
from notation.render.latex.options import LatexOptions
from notation.render.latex.penalized import PenalizedPrinter
from notation.render.latex.reduced import ReducedPrinter
from notation.render.latex.system import SystemPrinter

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
]
