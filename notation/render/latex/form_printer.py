"""What the printers of the derived LaTeX forms share: the options, and an expression printer that
knows the data columns (set per ``LatexOptions.variables``) and the estimates to plug in.

Contract: a subclass of :class:`FormPrinter` is built with ``(options, columns, values)`` and
prints through ``self.printer``; :class:`~notation.render.latex.system.SystemPrinter` does not
derive from it because it ranks each system's terms with its own printer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp

from notation.render.latex.expression import ExpressionPrinter
from notation.render.latex.options import LatexOptions

__all__ = ["FormPrinter"]


class FormPrinter:
    """Holds ``options`` and ``printer``, an :class:`ExpressionPrinter` over ``columns`` and ``values``."""

    def __init__(self, options: LatexOptions, columns: Iterable[str] = (),
                 values: Mapping[sp.Expr, sp.Expr] | None = None) -> None:
        self.options = options
        self.printer = ExpressionPrinter(options, columns, values)
