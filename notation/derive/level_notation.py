"""What every equation system the toolkit writes shares: its distribution statements, the τ names
of the random effects' (co)variances, and the :class:`~notation.ir.Symbols` recording its symbols.

Contract: both writers (:mod:`notation.derive.multilevel` for nested levels,
:mod:`notation.derive.crossed` for one bracketed equation) choose a symbol for every random-effect
column, keyed by (position of its block, term) while it writes; from those,
:func:`level_distributions` writes one statement per random block — all single-effect blocks of
a grouping (lme4's ``||``) share one ``diag(...)`` — and the residual's ``e ~ N(0, sigma^2)``,
and :func:`derived_notation` the Symbols with ψ of each block named after its effects by the one rule of
:mod:`notation.ir.symbols`
(``u_1j`` → ``tau_11``, ``(u_1j, u_0j)`` → ``tau_10``, ``r_0jk`` → ``tau_r00``).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from notation.ir import (
    DistributionStatement,
    EquationSystem,
    Model,
    Name,
    Symbols,
    Term,
    block_columns,
    pointer_free,
)
from notation.ir.symbols import (
    RESIDUAL_VARIANCE,
    block_covariance_matrices,
    covariance_name,
    effect_label,
    grouping_marks,
)

__all__ = ["derived_notation", "level_distributions"]

Effects = Mapping[tuple[int, Term | None], sp.Symbol]


def derived_notation(model: Model, system: EquationSystem, residual: sp.Symbol, *,
                     intercept: sp.Expr | None, variables: Mapping[str, sp.Expr],
                     coefficients: Mapping[Term, sp.Expr], effects: Effects) -> Symbols:
    """The Symbols of a ``system`` the toolkit wrote for ``model`` (``derived=True``)."""
    covariances = _covariances(model, effects)
    return Symbols(
        response=system.equations[0].lhs,
        residual=residual,
        intercept=intercept,
        variables=variables,
        coefficients=coefficients,
        random_effects={block: tuple(effects[(k, c)] for c in block_columns(block))
                        for k, block in enumerate(model.random)},
        covariances={block: covariances[k] for k, block in enumerate(model.random)},
        residual_variance=RESIDUAL_VARIANCE,
        system=system,
        derived=True,
    )


def level_distributions(model: Model, effects: Effects,
                        residual: sp.Symbol) -> tuple[DistributionStatement, ...]:
    """One statement per block (single-effect blocks of a grouping share one ``diag``), the residual last."""
    out: list[DistributionStatement] = []
    covariances = _covariances(model, effects)
    by_grouping: dict[frozenset[str], list[int]] = {}
    for k, block in enumerate(model.random):
        by_grouping.setdefault(frozenset(block.grouping), []).append(k)
    for number, blocks in enumerate(by_grouping.values()):
        members = [_block_effects(effects, k) for k in blocks]
        if len(blocks) > 1 and all(len(m) == 1 for m in members):
            variables = tuple(m[0] for m in members)
            diagonal = sp.ImmutableMatrix(sp.diag(*[covariances[k][0, 0] for k in blocks]))
            out.append(DistributionStatement(tuple(map(pointer_free, variables)), (sp.S.Zero,), diagonal))
            continue
        for k, symbols in zip(blocks, members, strict=True):
            covariance = covariances[k][0, 0] if len(symbols) == 1 else covariance_name(number)
            # the distribution of the effect u_0j, not of its look-up u_0j[i]
            out.append(DistributionStatement(tuple(map(pointer_free, symbols)), (sp.S.Zero,), covariance))
    out.append(DistributionStatement((residual,), (sp.S.Zero,), RESIDUAL_VARIANCE))
    return tuple(out)


def _block_effects(effects: Effects, block: int) -> list[sp.Symbol]:
    return [s for (b, _), s in effects.items() if b == block]


def _covariances(model: Model, effects: Effects) -> dict[int, sp.MatrixBase]:
    """ψ of each block, named by :func:`~notation.ir.symbols.covariance_matrix` after its effects."""
    groupings = list(dict.fromkeys(frozenset(b.grouping) for b in model.random))
    members = [[s for (k, _), s in effects.items() if frozenset(model.random[k].grouping) == g]
               for g in groupings]
    marks = grouping_marks([{Name.of(s).base for s in m} for m in members],
                           [_index_letter(m[0]) for m in members])
    mark = dict(zip(groupings, marks, strict=True))
    blocks = [(frozenset(block.grouping), [effect_label(s) for s in _block_effects(effects, k)],
               Name.of(_block_effects(effects, k)[0]).base) for k, block in enumerate(model.random)]
    return dict(enumerate(block_covariance_matrices(blocks, mark)))


def _index_letter(effect: sp.Symbol) -> str:
    """The group index an effect carries: ``u_0j`` → j, ``v_0k[i]`` → k, ``r_0jk`` → j."""
    return next((c for c in Name.of(effect).subscript if c.isalpha()), "")
