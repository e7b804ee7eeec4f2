"""Model with crossed (or flattened) groupings → one level-1 equation in Gelman–Hill brackets.

Contract: :func:`crossed_notation` writes ``Y_i = beta_0 + beta_1*X_i + u_0j[i] + v_0k[i] + e_i``:
fixed effects β_1, β_2, … in the model's order, each grouping's random effects with their own
letter (u, v, w, …) numbered from 0 within the grouping, every grouping an index at level 2
(``hierarchy.columns`` names its data column), and the distribution statements of
:mod:`notation.derive.level_notation`. Crossed groupings cannot be written as nested levels.
"""

from __future__ import annotations

import sympy as sp

from notation.derive.level_notation import derived_notation, level_distributions
from notation.derive.levels import Hierarchy
from notation.ir import EquationSystem, Index, LevelEquation, Model, Name, Symbols, Term, block_columns
from notation.ir.symbols import (
    coefficient_letter,
    crossed_effect_letter,
    residual_symbol,
    subscripted,
    with_subscript,
)

__all__ = ["crossed_notation"]


def crossed_notation(model: Model, shape: Hierarchy) -> Symbols:
    """The symbols of ``model`` written as one bracketed equation; see the module docstring."""
    obs = shape.letters[0]
    terms: list[sp.Expr] = [_beta(0)] if model.intercept else []
    terms += [sp.Mul(_beta(n), *(with_subscript(f, obs) for f in t.factors), evaluate=False)
              for n, t in enumerate(model.fixed, start=1)]
    effects: dict[tuple[int, Term | None], sp.Symbol] = {}
    for k, block in enumerate(model.random):
        level = shape.level_of(block.grouping)
        base, letter = crossed_effect_letter(level - 2), shape.letters[level - 1]
        taken = sum(1 for (b, _) in effects if model.random[b].grouping == block.grouping)
        for n, term in enumerate(block_columns(block), start=taken):
            effects[(k, term)] = symbol = Name(base, f"{n}{letter}", obs).symbol()
            factors = [with_subscript(f, obs) for f in term.factors] if term else []
            terms.append(sp.Mul(symbol, *factors, evaluate=False) if factors else symbol)
    residual = residual_symbol(obs)
    terms.append(residual)
    equation = LevelEquation(subscripted(str(model.response), obs), sp.Add(*terms, evaluate=False), 1)
    groups = zip(shape.letters[1:], shape.columns, strict=True)
    indices = (Index(obs, None, 1), *(Index(letter, column, 2) for letter, column in groups))
    system = EquationSystem((equation,), indices, level_distributions(model, effects, residual), "bracket")
    return derived_notation(
        model, system, residual,
        intercept=_beta(0) if model.intercept else None,
        variables={c: with_subscript(sp.Symbol(c), obs)
                   for c in sorted(model.variables - model.grouping_columns)},
        coefficients={t: _beta(n) for n, t in enumerate(model.fixed, start=1)},
        effects=effects,
    )


def _beta(number: int) -> sp.Symbol:
    return Name(coefficient_letter(1, 1), str(number)).symbol()
