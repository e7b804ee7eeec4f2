"""Multilevel equation systems (plain text or LaTeX as papers print them) → :class:`~notation.ir.Model`.

Contract: :func:`parse_equations` reads a spec in four passes:
``scanning`` (text → statements of tokens, TeX's subscript rule, layout removed; ``prose`` blanks
comments, index lines and surrounding sentences first, ``cursor`` reads scripts and groups),
``statements`` (``grammars/equations.lark`` → SymPy equations and distributions),
``reduction`` (``groupings`` first splits equatiomatic's coefficients of several groupings,
``\\alpha_{j[i],k[i]}``, and gives each one mean; then level 2 and 3 are substituted into level 1
and expanded) and ``effects`` + ``assembly`` (monomials → fixed terms, random blocks, symbols).
The result is a :class:`~notation.ir.Spec` whose
model equals the one the lme4 formula builds (``Y ~ R*Z + X + S + (R | j)``) and whose symbols keep
the names as written and the :class:`~notation.ir.EquationSystem` as given. Errors carry the line
and column of the problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

import sympy as sp
from lark import Token

from notation.errors import SpecMeaningError
from notation.ir import Spec
from notation.parse.equations.assembly import assemble
from notation.parse.equations.effects import classify
from notation.parse.equations.reduction import reduce_system
from notation.parse.equations.scanning import scan
from notation.parse.equations.statements import read_statement

__all__ = ["parse_equations"]


def parse_equations(text: str, index: Mapping[str, str] | None = None) -> Spec:
    """Read an equation system; ``index`` maps index letters to data columns (``{"j": "school"}``)."""
    statements, index_lines = scan(text)
    parsed = [read_statement(s, text) for s in statements]
    positions = {str(t): t for s in reversed(statements) for t in s.tokens if t.type == "SYMBOL"}

    def locate(token: Token, message: str, hint: str) -> NoReturn:
        raise SpecMeaningError(message, hint=hint, text=text, line=token.line or 1,
                               column=token.column or 1, width=len(str(token)))

    def fail(symbol: sp.Symbol | None, message: str, hint: str) -> NoReturn:
        token = positions.get(symbol.name) if symbol is not None else None
        if token is None:
            raise SpecMeaningError(message, hint=hint)
        locate(token, message, hint)

    system = reduce_system(parsed, index_lines, index or {}, locate)
    known_random = {v for d in system.distributions for v in d.variables}
    effects = classify(system.reduced, system.indices, known_random, fail, system.appearance)
    return assemble(system, effects, locate)
