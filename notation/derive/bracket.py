"""Double-subscript equations rewritten in Gelman–Hill bracket notation (seed 001 §3.3).

Contract: :func:`bracket_system` rewrites the level-1 equation of an :class:`EquationSystem`
written with double subscripts: observation-level symbols keep only the observation index
(``Y_ij`` → ``Y_i``) and group-level symbols point through it (``beta_0j`` → ``beta_0j[i]``,
``alpha_j`` → ``alpha_j[i]``). Higher-level equations and distribution lines are unchanged,
as Gelman and Hill print them. A system already in bracket style is returned as it is.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from notation.ir import EquationSystem

__all__ = ["bracket_subscript", "bracket_system"]


def bracket_subscript(subscript: str, observation: str, groups: str) -> str:
    """``ij`` → ``i``, ``0j`` → ``0j[i]``; subscripts that are not indices (``alpha``, ``00``) stay."""
    if not subscript or any(not (ch.isdigit() or ch in groups or ch == observation) for ch in subscript):
        return subscript
    if observation in subscript:
        return "".join(ch for ch in subscript if ch not in groups)
    return "".join(f"{ch}[{observation}]" if ch in groups else ch for ch in subscript)


def _rename(expr: sp.Expr, observation: str, groups: str) -> sp.Expr:
    swap = {}
    for s in expr.free_symbols:
        if isinstance(s, sp.Symbol) and "_" in s.name:
            base, _, sub = s.name.partition("_")
            swap[s] = sp.Symbol(f"{base}_{bracket_subscript(sub, observation, groups)}")
    return expr.xreplace(swap)


def bracket_system(system: EquationSystem) -> EquationSystem:
    """``system`` in bracket style: level-1 subscripts point to groups through ``j[i]``."""
    if system.style == "bracket":
        return system
    observation = next((ix.letter for ix in system.indices if ix.level == 1), "i")
    groups = "".join(ix.letter for ix in system.indices if ix.level > 1)
    equations = tuple(
        replace(e, lhs=_rename(e.lhs, observation, groups), rhs=_rename(e.rhs, observation, groups))
        if e.level == 1 else e
        for e in system.equations
    )
    return replace(system, equations=equations, style="bracket")
