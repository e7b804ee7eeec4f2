"""Double-subscript equations rewritten in Gelman–Hill bracket notation (seed 001 §3.3).

Contract: :func:`bracket_system` rewrites the level-1 equation of an :class:`EquationSystem`
written with double subscripts: observation-level symbols keep only the observation index
(``Y_ij`` → ``Y_i``) and group-level symbols point through it (``beta_0j`` → ``beta_0j[i]``,
``alpha_j`` → ``alpha_j[i]``). Higher-level equations are unchanged, as Gelman and Hill print
them; distribution lines follow the level-1 equation for observation-level symbols only
(``e_ij ~ N(0, sigma^2)`` → ``e_i ~ ...``, ``u_0j`` stays). A system already in bracket style is
returned as it is. Three or more levels written with double subscripts raise a
:class:`~notation.errors.SpecMeaningError`: one pointer per level-1 symbol cannot say that j
is nested in k (write the formula's bracket form, or use the levels form).
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from notation.errors import SpecMeaningError
from notation.ir import DistributionStatement, EquationSystem, Name
from notation.ir.symbols import bracketed

__all__ = ["bracket_system"]


def _rename(expr: sp.Expr, observation: str, groups: str) -> sp.Expr:
    swap = {s: bracketed(Name.of(s), observation, groups).symbol() for s in expr.free_symbols
            if isinstance(s, sp.Symbol)}
    return _swapped(expr, swap)


def _swapped(expr: sp.Expr, swap: dict[sp.Symbol, sp.Symbol]) -> sp.Expr:
    """``expr.xreplace(swap)`` that keeps the order of terms and factors as written."""
    if isinstance(expr, sp.Add | sp.Mul):
        return expr.func(*(_swapped(a, swap) for a in expr.args), evaluate=False)
    return expr.xreplace(swap)


def bracket_system(system: EquationSystem) -> EquationSystem:
    """``system`` in bracket style: level-1 subscripts point to groups through ``j[i]``."""
    if system.style == "bracket":
        return system
    observation = next((ix.letter for ix in system.indices if ix.level == 1), "i")
    groups = "".join(ix.letter for ix in system.indices if ix.level > 1)
    if len(groups) > 1:
        raise SpecMeaningError(f"bracket style writes one group per observation, but these equations "
                               f"nest {len(groups) + 1} levels ({observation} in "
                               f"{' in '.join(groups)})",
                               hint="use the levels form for nested equations, or write the model as "
                                    "a formula, whose bracket form has u_0j[i] + v_0k[i]")
    equations = tuple(
        replace(e, lhs=_rename(e.lhs, observation, groups), rhs=_rename(e.rhs, observation, groups))
        if e.level == 1 else e
        for e in system.equations
    )
    distributions = tuple(_observation_level(d, observation, groups) for d in system.distributions)
    return replace(system, equations=equations, distributions=distributions, style="bracket")


def _observation_level(statement: DistributionStatement, observation: str, groups: str
                       ) -> DistributionStatement:
    """``e_ij`` → ``e_i`` in a distribution line; group-level effects keep their subscripts."""
    if not any(observation in Name.of(s).subscript for s in statement.variables
               if isinstance(s, sp.Symbol)):
        return statement
    return replace(statement, variables=tuple(_rename(v, observation, groups) for v in statement.variables))
