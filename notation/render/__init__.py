"""IR → text: canonical lme4 formulas, plain-text level equations, LaTeX in every form.

One printer class per output; all LaTeX printers (:mod:`notation.render.latex`) share one
:class:`LatexOptions`. Which derived object a LaTeX form needs is decided by
``notation.forms.render_latex`` (render never derives). ``LatexOptions`` loads with the LaTeX
printers on first use, so that printing a formula — which imports this package — starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from notation.render.equations import format_equations
from notation.render.formula import format_formula

if TYPE_CHECKING:
    from notation.render.latex import LatexOptions

__all__ = ["LatexOptions", "format_equations", "format_formula"]


def __getattr__(name: str) -> Any:
    if name == "LatexOptions":
        return importlib.import_module("notation.render.latex").LatexOptions
    raise AttributeError(f"module 'notation.render' has no attribute {name!r}")
