"""Text → IR. Formulas and equation systems are read by Lark grammars in ``grammars/``.

Contract: every function returns a :class:`~notation.ir.Model` or raises a
:class:`~notation.errors.SpecSyntaxError` / :class:`~notation.errors.SpecMeaningError` that
carries the line and column of the problem. User text never reaches ``eval``, ``exec``,
``sympify`` or ``parse_expr``: Transformers build SymPy objects directly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from notation.ir import Model
from notation.parse.equations import parse_equations
from notation.parse.formula import parse_formula

__all__ = ["is_equation_system", "parse_equations", "parse_formula", "parse_spec"]

_LMER_CALL = re.compile(r"^\s*(?:lme4::)?g?lmer\s*\(")


def is_equation_system(text: str) -> bool:
    """Whether ``text`` is an equation system rather than an lme4 formula.

    Equation systems have ``=`` signs, LaTeX commands or ``$`` delimiters; formulas have none,
    except inside an ``lmer(...)`` call (``data=dat``), which is read as a formula.
    """
    if _LMER_CALL.match(text):
        return False
    return any(mark in text for mark in ("=", "\\", "$"))


def parse_spec(text: str, index: Mapping[str, str] | None = None) -> Model:
    """Read a formula or an equation system; ``index`` maps equation indices to data columns."""
    if is_equation_system(text):
        return parse_equations(text, index=index)
    return parse_formula(text)
