"""Classified effects of a reduced system → a :class:`~notation.ir.Spec`: the model and its symbols.

Contract: :func:`assemble` groups random effects into blocks — one block per grouping, except
that each distribution statement over some of a grouping's effects makes its own block, and a
diagonal covariance (``diag(tau_00, tau_11)``) makes one block per effect (lme4's ``||``) —
and fills :class:`~notation.ir.Symbols` (keyed by term and block) with the symbols as written:
response, residual, intercept coefficient, variables, coefficients, random effects, their
covariance (as stated, else named by the rule of :mod:`notation.ir.symbols`: ``tau_ab`` after the
effects' labels, marked for a second grouping, ``tau_v00``) and the residual variance (else σ²). The
equations keep the order of
their terms and factors as written (unevaluated sums and products), so a printer can give them back
as the user wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy as sp

from notation.errors import SpecMeaningError
from notation.ir import (
    DistributionStatement,
    EquationSystem,
    Index,
    LevelEquation,
    Model,
    Name,
    RandomBlock,
    Spec,
    Symbols,
    block_columns,
)
from notation.ir.symbols import (
    RESIDUAL_VARIANCE,
    block_covariance_matrices,
    deviation_symbol,
    effect_label,
    grouping_marks,
    mean_symbol,
    names_a_matrix,
    pointer_free,
    residual_symbol,
)
from notation.parse.equations.anatomy import Indices
from notation.parse.equations.effects import Effects, RandomEffect
from notation.parse.equations.reduction import Locate, ReducedSystem
from notation.parse.equations.statements import Distribution

__all__ = ["assemble"]

@dataclass(frozen=True)
class _Block:
    """One ψ: its effects (in ψ's order), the matrix a distribution line stated, and the name it gave ψ."""

    members: tuple[RandomEffect, ...]
    stated: sp.MatrixBase | None = None
    name: sp.Expr | None = None


def assemble(system: ReducedSystem, effects: Effects, locate: Locate) -> Spec:
    """The model and its symbols; see the module docstring."""
    blocks = _blocks(effects.random, system.distributions)
    random = tuple(_random_block(b, system) for b in blocks)
    _refuse_repeated(random, blocks)
    ordered = [_in_column_order(b, block) for b, block in zip(blocks, random, strict=True)]
    response = system.level1.lhs
    residual = effects.residual or residual_symbol(Name.of(response).subscript)
    _refuse_strays(system.distributions, effects, residual, locate)
    pairs = list(zip(ordered, random, strict=True))
    intercept, shifted = _intercept(effects, system)
    symbols = Symbols(
        response=response,
        residual=residual,
        intercept=intercept,
        variables=dict(effects.variables),
        coefficients=dict(effects.fixed),
        random_effects={block: tuple(e.symbol for e in b.members) for b, block in pairs},
        covariances=dict(zip(random, _covariances(ordered, system.indices), strict=True)),
        covariance_names={block: b.name for b, block in pairs if b.name is not None},
        deviations={s: deviation_symbol(s) for s in shifted},
        residual_variance=_residual_variance(residual, system.distributions, locate,
                                             system.residual_variance),
        system=_equation_system(system),
    )
    model = Model(response=sp.Symbol(Name.of(response).base), intercept=intercept is not None,
                  fixed=tuple(effects.fixed), random=random)
    return Spec(model, symbols)


def _intercept(effects: Effects, system: ReducedSystem) -> tuple[sp.Expr | None, frozenset[sp.Symbol]]:
    """The fixed intercept and the varying coefficients whose mean it is.

    Without a fixed intercept, a varying intercept that no line gives a mean (``y_i ~ N(alpha_c +
    beta X_i, sigma^2)``, seed 002's models 2 and 4a) is a coefficient with a mean of its own, not a
    deviation from zero: the mean is the model's intercept, Gelman and Hill's μ_α. A line that states
    the mean, 0 included, is taken as written."""
    if effects.intercept is not None:
        return effects.intercept, system.shifted
    stated = {pointer_free(v) for d in system.distributions for v in d.variables}
    unstated = [e.symbol for e in effects.random if e.term is None and pointer_free(e.symbol) not in stated]
    if not unstated:
        return None, system.shifted
    return mean_symbol(pointer_free(unstated[0])), system.shifted | frozenset(unstated)


def _refuse_strays(distributions: tuple[Distribution, ...], effects: Effects, residual: sp.Expr,
                   locate: Locate) -> None:
    """A distribution (or Var line) of a symbol the equations never use is a typo or a dropped term:
    its variance would silently describe nothing (``(a_j, b_j) ~ N(...)`` with no b_j in level 1)."""
    known = {pointer_free(e.symbol) for e in effects.random} | {pointer_free(residual)}
    known |= {pointer_free(s) for s in effects.merged}  # a further dummy of a factor's random term
    for statement in distributions:
        for variable in _vector_statement(statement, effects.random).variables:
            if pointer_free(variable) not in known:
                locate(statement.token, f"{variable} has a distribution, but the equations never use it",
                       f"add {variable} where it belongs (a random effect of a level equation) or drop "
                       "it from this line")


def _random_block(block: _Block, system: ReducedSystem) -> RandomBlock:
    members = block.members
    return RandomBlock(intercept=any(e.term is None for e in members),
                       terms=tuple(e.term for e in members if e.term is not None),
                       grouping=tuple(c for g in members[0].groups for c in system.columns[g].split(":")))


def _refuse_repeated(random: tuple[RandomBlock, ...], blocks: list[_Block]) -> None:
    """Two effects on the same column of one grouping (``u_0j + w_0j``) cannot be told apart."""
    for k, block in enumerate(random):
        members = blocks[k].members
        twins = [(a, b) for n, a in enumerate(members) for b in members[:n] if a.term == b.term]
        if block in random[:k]:
            twins.append((members[0], blocks[random.index(block)].members[0]))
        if twins:
            second, first = twins[0]
            column = "(Intercept)" if first.term is None else first.term.label
            raise SpecMeaningError(f"{second.symbol} and {first.symbol} are two random effects on {column} "
                                   f"of the same grouping", hint="a grouping has one random effect per "
                                   "column: drop one of them, or give them different group indices")


def _in_column_order(block: _Block, random: RandomBlock) -> _Block:
    """The block's effects, and a stated ψ, in ψ's column order (intercept first), as the model reads them."""
    position = {e.term: k for k, e in enumerate(block.members)}
    order = [position[c] for c in block_columns(random)]
    stated = None if block.stated is None else sp.ImmutableMatrix(block.stated.extract(order, order))
    return _Block(tuple(block.members[k] for k in order), stated, block.name)


def _blocks(random: list[RandomEffect], distributions: tuple[Distribution, ...]) -> list[_Block]:
    by_groups: dict[tuple[str, ...], list[RandomEffect]] = {}
    for effect in random:
        by_groups.setdefault(effect.groups, []).append(effect)
    blocks: list[_Block] = []
    for effects in by_groups.values():
        covered: set[sp.Symbol] = set()
        for statement in distributions:
            statement = _vector_statement(statement, effects)
            # a statement about alpha_j is about the alpha_j[i] of the level-1 equation
            position = {pointer_free(v): k for k, v in enumerate(statement.variables)}
            members = sorted((e for e in effects if pointer_free(e.symbol) in position
                              and e.symbol not in covered), key=lambda e: position[pointer_free(e.symbol)])
            if not members:
                continue
            covered |= {e.symbol for e in members}
            rows = [position[pointer_free(e.symbol)] for e in members]
            blocks.extend(_stated_blocks(members, rows, statement))
        rest = tuple(e for e in effects if e.symbol not in covered)
        if rest:
            blocks.append(_Block(rest))
    return blocks


def _vector_statement(statement: Distribution, effects: list[RandomEffect]) -> Distribution:
    """``u ~ N(0, G)`` (seed 000): the vector u stands for the effects u_0j, u_1j, … in order."""
    if len(statement.variables) != 1:
        return statement
    name = Name.of(statement.variables[0])
    members = [e.symbol for e in effects if Name.of(e.symbol).base == name.base]
    if name.subscript or len(members) < 2 or statement.variables[0] in members:
        return statement
    ordered = sorted(members, key=lambda s: Name.of(s).subscript)
    return replace(statement, variables=tuple(pointer_free(s) for s in ordered),
                   mean=statement.mean * len(ordered) if len(statement.mean) == 1 else statement.mean)


def _stated_blocks(members: list[RandomEffect], rows: list[int], statement: Distribution) -> list[_Block]:
    cov = statement.covariance
    size = len(statement.variables)
    if isinstance(cov, sp.MatrixBase) and cov.shape == (size, size):
        if size > 1 and cov.is_diagonal():
            pairs = zip(members, rows, strict=True)
            return [_Block((m,), sp.ImmutableMatrix([[cov[r, r]]])) for m, r in pairs]
        return [_Block(tuple(members), sp.ImmutableMatrix(cov.extract(rows, rows)))]
    if not isinstance(cov, sp.MatrixBase) and len(members) == 1 and size == 1:
        return [_Block(tuple(members), sp.ImmutableMatrix([[cov]]))]
    # a name for ψ (T): its entries get the default names; the name stays in the line as written
    name = cov if not isinstance(cov, sp.MatrixBase) and len(members) == size else None
    return [_Block(tuple(members), None, name)]


def _covariances(blocks: list[_Block], indices: Indices) -> list[sp.MatrixBase]:
    groupings = list(dict.fromkeys(b.members[0].groups for b in blocks))
    bases = [{Name.of(e.symbol).base for b in blocks if b.members[0].groups == g for e in b.members}
             for g in groupings]
    mark = dict(zip(groupings, grouping_marks(bases, ["".join(g) for g in groupings]), strict=True))
    described = [(b.members[0].groups, _labels(b, indices), Name.of(b.members[0].symbol).base)
                 for b in blocks]
    named = block_covariance_matrices(described, mark)
    return [b.stated if b.stated is not None else default for b, default in zip(blocks, named, strict=True)]


def _labels(block: _Block, indices: Indices) -> list[str]:
    """What numbers each effect of a block (u_1j → 1); by position when that does not tell them apart."""
    labels = [effect_label(e.symbol, indices.levels) for e in block.members]
    if not all(labels) or len(set(labels)) != len(labels):
        labels = [str(n) for n in range(len(block.members))]
    return labels


def _residual_variance(residual: sp.Expr, distributions: tuple[Distribution, ...], locate: Locate,
                       stated: sp.Expr | None = None) -> sp.Expr:
    """The residual's variance as stated, else σ². A covariance matrix for the residuals (``N(0, Σ)``)
    says the residuals are correlated, but not how: lme4's residuals are σ²I, and the correlation
    comes from the random effects, which must be written."""
    for statement in distributions:
        if residual not in statement.variables:
            continue
        covariance = statement.covariance
        if len(statement.variables) > 1 or isinstance(covariance, sp.MatrixBase) \
                or names_a_matrix(covariance):
            locate(statement.token, f"the residual {residual} has a covariance matrix ({covariance}): "
                   "correlated residuals of unstated structure cannot be read as a mixed model",
                   "write the random effects that make the correlation (e.g. + u_0j with "
                   f"u_0j ~ N(0, tau^2)) and {residual} ~ N(0, sigma^2)")
        return covariance
    return stated if stated is not None else RESIDUAL_VARIANCE


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

