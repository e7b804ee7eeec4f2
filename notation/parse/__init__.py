"""Text → IR. Formulas and equation systems are read by Lark grammars in ``grammars/``.

Contract: :func:`parse_spec` and :func:`parse_equations` return a :class:`~notation.ir.Spec` (the model
and the symbols it is written in), :func:`parse_formula` a :class:`~notation.ir.Model`; each raises a
:class:`~notation.errors.SpecSyntaxError` / :class:`~notation.errors.SpecMeaningError` that
carries the line and column of the problem. User text never reaches ``eval``, ``exec``,
``sympify`` or ``parse_expr``: Transformers build SymPy objects directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from notation.ir import Spec
from notation.parse.detect import looks_like_formula

if TYPE_CHECKING:
    from notation.parse.equations import parse_equations
    from notation.parse.formula import parse_formula

__all__ = ["is_equation_system", "parse_equations", "parse_formula", "parse_spec"]


def is_equation_system(text: str) -> bool:
    """Whether ``text`` is an equation system rather than an lme4 formula (see ``looks_like_formula``)."""
    return not looks_like_formula(text)


def parse_spec(text: str, index: Mapping[str, str] | None = None) -> Spec:
    """Read a formula or an equation system; ``index`` maps equation indices to data columns. (Other
    programs' code is read by ``notation.dialects``; ``notation.parse_spec`` reads all of them.)"""
    if is_equation_system(text):
        from notation.parse.equations import parse_equations

        return parse_equations(text, index=index)
    from notation.parse.formula import parse_formula

    return Spec(parse_formula(text))


def __getattr__(name: str) -> Any:
    # Each language's reader loads on first use: a formula never loads the equation scanner,
    # an equation system never loads the formula's expansion rules.
    if name == "parse_equations":
        from notation.parse.equations import parse_equations

        return parse_equations
    if name == "parse_formula":
        from notation.parse.formula import parse_formula

        return parse_formula
    raise AttributeError(f"module 'notation.parse' has no attribute {name!r}")
