"""IR → text: canonical lme4 formulas, plain-text level equations, LaTeX in every form.

One printer class per output; all LaTeX printers share one :class:`LatexOptions`.
"""

from notation.render.equations import format_equations
from notation.render.formula import format_formula
from notation.render.latex import LatexOptions, render_latex

__all__ = ["LatexOptions", "format_equations", "format_formula", "render_latex"]
