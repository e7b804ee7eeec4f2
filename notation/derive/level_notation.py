"""What every equation system the toolkit writes shares: its distribution statements, the τ names
of the random effects' (co)variances, and the :class:`~notation.ir.Notation` recording its symbols.

Contract: both writers (:mod:`notation.derive.multilevel` for nested levels,
:mod:`notation.derive.crossed` for one bracketed equation) choose a symbol for every random-effect
column, keyed as ``Notation.random_effects`` is; from those, :func:`level_distributions` writes one
statement per random block — all single-effect blocks of a grouping (lme4's ``||``) share one
``diag(...)`` — and the residual's ``e ~ N(0, sigma^2)``, and :func:`derived_notation` the Notation
with ψ of each block named after its effects: ``u_1j`` → ``tau_11``, ``(u_1j, u_0j)`` →
``tau_10``, ``r_0jk`` → ``tau_r00``, ``u_10k, u_00k`` → ``tau_{10,00}``.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from notation.derive.symbols import RESIDUAL_VARIANCE
from notation.ir import DistributionStatement, EquationSystem, Model, Notation, Term, split_name

__all__ = ["derived_notation", "level_distributions"]

Effects = Mapping[tuple[int, Term | None], sp.Symbol]


def derived_notation(model: Model, system: EquationSystem, residual: sp.Symbol, *,
                     intercept: sp.Expr | None, variables: Mapping[str, sp.Expr],
                     coefficients: Mapping[Term, sp.Expr], effects: Effects) -> Notation:
    """The Notation of a ``system`` the toolkit wrote for ``model`` (``derived=True``)."""
    return Notation(
        response=system.equations[0].lhs,
        residual=residual,
        intercept=intercept,
        variables=variables,
        coefficients=coefficients,
        random_effects=dict(effects),
        random_covariance=_covariances(model, effects),
        residual_variance=RESIDUAL_VARIANCE,
        system=system,
        derived=True,
    )


def level_distributions(model: Model, effects: Effects,
                        residual: sp.Symbol) -> tuple[DistributionStatement, ...]:
    """One statement per block (single-effect blocks of a grouping share one ``diag``), the residual last."""
    out: list[DistributionStatement] = []
    by_grouping: dict[frozenset[str], list[int]] = {}
    for k, block in enumerate(model.random):
        by_grouping.setdefault(frozenset(block.grouping), []).append(k)
    for number, blocks in enumerate(by_grouping.values()):
        members = [_block_effects(effects, k) for k in blocks]
        if len(blocks) > 1 and all(len(m) == 1 for m in members):
            variables = tuple(m[0] for m in members)
            diagonal = sp.ImmutableMatrix(sp.diag(*[_variance(v) for v in variables]))
            out.append(DistributionStatement(variables, (sp.S.Zero,), diagonal))
            continue
        for symbols in members:
            covariance = _variance(symbols[0]) if len(symbols) == 1 else sp.Symbol(
                "T" if number == 0 else f"T_{number}")
            out.append(DistributionStatement(tuple(symbols), (sp.S.Zero,), covariance))
    out.append(DistributionStatement((residual,), (sp.S.Zero,), RESIDUAL_VARIANCE))
    return tuple(out)


def _block_effects(effects: Effects, block: int) -> list[sp.Symbol]:
    return [s for (b, _), s in effects.items() if b == block]


def _covariances(model: Model, effects: Effects) -> dict[int, sp.MatrixBase]:
    """ψ of each block: ``tau_00`` for one effect, ``tau_00, tau_10, tau_11`` for several."""
    out: dict[int, sp.MatrixBase] = {}
    for k in range(len(model.random)):
        symbols = _block_effects(effects, k)
        if len(symbols) == 1:
            out[k] = sp.ImmutableMatrix([[_variance(symbols[0])]])
        else:
            out[k] = sp.ImmutableMatrix([[_covariance(symbols[max(r, c)], symbols[min(r, c)])
                                          for c in range(len(symbols))] for r in range(len(symbols))])
    return out


def _covariance(first: sp.Symbol, second: sp.Symbol) -> sp.Symbol:
    """``u_1j, u_0j`` → ``tau_10``; ``r_1jk, r_0jk`` → ``tau_r10``; ``u_10k, u_00k`` → ``tau_{10,00}``."""
    base = split_name(first.name)[0]
    digits = [_label(s) for s in (first, second)]
    joined = "".join(digits) if all(len(d) == 1 for d in digits) else ",".join(digits)
    return sp.Symbol(f"tau_{'' if base == 'u' else base}{joined}")


def _variance(effect: sp.Symbol) -> sp.Symbol:
    """``u_1j`` → ``tau_11``; ``u_00k`` → ``tau_00``; ``r_0jk`` → ``tau_r00``; ``v_0k[i]`` → ``tau_v00``."""
    base = split_name(effect.name)[0]
    digits = _label(effect)
    return sp.Symbol(f"tau_{'' if base == 'u' else base}{digits * 2 if len(digits) == 1 else digits}")


def _label(effect: sp.Symbol) -> str:
    """The numbers of an effect's subscript, commas kept: ``u_10k`` → ``10``, ``v_0k[i]`` → ``0``."""
    return "".join(c for c in split_name(effect.name)[1] if c.isdigit() or c == ",")
