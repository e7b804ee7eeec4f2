"""Classified effects of a reduced system → the :class:`~notation.ir.Model` and its Notation.

Contract: :func:`assemble` groups random effects into blocks — one block per grouping, except
that each distribution statement over some of a grouping's effects makes its own block, and a
diagonal covariance (``diag(tau_00, tau_11)``) makes one block per effect (lme4's ``||``) —
and fills :class:`~notation.ir.Notation` with the symbols as written: response, residual,
intercept coefficient, variables, coefficients, random effects, their covariance (as stated, else
named by the rule of :mod:`notation.ir.symbols`: ``tau_ab`` after the effects' labels, marked for a
second grouping, ``tau_v00``) and the residual variance (else σ²). The equations keep the order of
their terms and factors as written (unevaluated sums and products), so a printer can give them back
as the user wrote them.
"""

from __future__ import annotations

import sympy as sp

from notation.ir import (
    DistributionStatement,
    EquationSystem,
    Index,
    LevelEquation,
    Model,
    Name,
    Notation,
    RandomBlock,
    Term,
)
from notation.ir.symbols import (
    RESIDUAL_VARIANCE,
    covariance_matrix,
    effect_label,
    grouping_marks,
    residual_symbol,
)
from notation.parse.equations.anatomy import Indices
from notation.parse.equations.effects import Effects, RandomEffect
from notation.parse.equations.reduction import ReducedSystem
from notation.parse.equations.statements import Distribution

__all__ = ["assemble"]

_Block = tuple[list[RandomEffect], sp.MatrixBase | None]


def assemble(system: ReducedSystem, effects: Effects) -> Model:
    """The model and its notation; see the module docstring."""
    blocks = _blocks(effects.random, system.distributions)
    random = tuple(
        RandomBlock(intercept=any(e.term is None for e in members),
                    terms=tuple(e.term for e in members if e.term is not None),
                    grouping=tuple(c for g in members[0].groups for c in system.columns[g].split(":")))
        for members, _ in blocks
    )
    response = system.level1.lhs
    residual = effects.residual or residual_symbol(Name.of(response).subscript)
    notation = Notation(
        response=response,
        residual=residual,
        intercept=effects.intercept,
        variables=dict(effects.variables),
        coefficients=dict(effects.fixed),
        random_effects=_random_effects(blocks),
        random_covariance=_covariances(blocks, system.indices),
        residual_variance=_residual_variance(residual, system.distributions),
        system=_equation_system(system),
    )
    return Model(
        response=sp.Symbol(Name.of(response).base),
        intercept=effects.intercept is not None,
        fixed=tuple(effects.fixed),
        random=random,
        notation=notation,
    )


def _blocks(random: list[RandomEffect], distributions: tuple[Distribution, ...]) -> list[_Block]:
    by_groups: dict[tuple[str, ...], list[RandomEffect]] = {}
    for effect in random:
        by_groups.setdefault(effect.groups, []).append(effect)
    blocks: list[_Block] = []
    for effects in by_groups.values():
        covered: set[sp.Symbol] = set()
        for statement in distributions:
            position = {v: k for k, v in enumerate(statement.variables)}
            members = sorted((e for e in effects if e.symbol in position and e.symbol not in covered),
                             key=lambda e: position[e.symbol])
            if not members:
                continue
            covered |= {e.symbol for e in members}
            blocks.extend(_stated_blocks(members, [position[e.symbol] for e in members], statement))
        rest = [e for e in effects if e.symbol not in covered]
        if rest:
            blocks.append((rest, None))
    return blocks


def _stated_blocks(members: list[RandomEffect], rows: list[int], statement: Distribution) -> list[_Block]:
    cov = statement.covariance
    size = len(statement.variables)
    if isinstance(cov, sp.MatrixBase) and cov.shape == (size, size):
        if size > 1 and cov.is_diagonal():
            return [([m], sp.ImmutableMatrix([[cov[r, r]]])) for m, r in zip(members, rows, strict=True)]
        return [(members, sp.ImmutableMatrix(cov.extract(rows, rows)))]
    if not isinstance(cov, sp.MatrixBase) and len(members) == 1 and size == 1:
        return [(members, sp.ImmutableMatrix([[cov]]))]
    return [(members, None)]


def _random_effects(blocks: list[_Block]) -> dict[tuple[int, Term | None], sp.Expr]:
    return {(k, e.term): e.symbol for k, (members, _) in enumerate(blocks) for e in members}


def _covariances(blocks: list[_Block], indices: Indices) -> dict[int, sp.MatrixBase]:
    groupings = list(dict.fromkeys(members[0].groups for members, _ in blocks))
    bases = [{Name.of(e.symbol).base for members, _ in blocks if members[0].groups == g for e in members}
             for g in groupings]
    mark = dict(zip(groupings, grouping_marks(bases, ["".join(g) for g in groupings]), strict=True))
    out: dict[int, sp.MatrixBase] = {}
    for k, (members, stated) in enumerate(blocks):
        if stated is not None:
            out[k] = stated
            continue
        labels = [effect_label(e.symbol, indices.levels) for e in members]
        if not all(labels) or len(set(labels)) != len(labels):
            labels = [str(n) for n in range(len(members))]
        out[k] = covariance_matrix(labels, mark[members[0].groups])
    return out


def _residual_variance(residual: sp.Expr, distributions: tuple[Distribution, ...]) -> sp.Expr:
    for statement in distributions:
        if statement.variables == (residual,) and not isinstance(statement.covariance, sp.MatrixBase):
            return statement.covariance
    return RESIDUAL_VARIANCE


def _equation_system(system: ReducedSystem) -> EquationSystem:
    indices = system.indices
    equations = tuple(
        LevelEquation(e.lhs, _as_written(e.rhs, e.order), _equation_level(e.lhs, indices, e is system.level1),
                      e.token.line)
        for e in system.equations
    )
    index_list = tuple(
        Index(letter, None if letter == indices.observation else system.columns[letter], level)
        for letter, level in sorted(indices.levels.items(), key=lambda item: item[1])
    )
    distributions = tuple(
        DistributionStatement(d.variables, d.mean, d.covariance, "normal", d.token.line)
        for d in system.distributions
    )
    return EquationSystem(equations, index_list, distributions, "bracket" if system.bracket else "double")


def _as_written(expr: sp.Expr, order: tuple[str, ...]) -> sp.Expr:
    """``expr`` with the terms of each sum and the factors of each product in written order."""
    position = {name: k for k, name in reversed(list(enumerate(order)))}

    def place(part: sp.Expr) -> int:
        return min((position.get(s.name, len(order)) for s in part.free_symbols if isinstance(s, sp.Symbol)),
                   default=-1)

    def rebuild(part: sp.Expr) -> sp.Expr:
        if isinstance(part, sp.Add | sp.Mul):
            return part.func(*sorted((rebuild(a) for a in part.args), key=place), evaluate=False)
        return part
    return rebuild(expr)


def _equation_level(lhs: sp.Symbol, indices: Indices, is_level1: bool) -> int:
    groups = indices.groups(indices.anatomy(lhs))
    if is_level1 or not groups:
        return 1
    return min(indices.levels[g] for g in groups)

