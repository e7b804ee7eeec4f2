"""Model → level equations (``Y_ij = beta_0j + beta_1j*R_ij + e_ij``, ``beta_0j = gamma_00 + ...``).

Contract: :func:`multilevel` writes a model as the equation system a paper would print, which
``parse_equations`` reads back to an equal model. Each fixed term is split by the levels of its
variables (:mod:`notation.derive.levels`): its level-1 part picks the level-1 coefficient, its
level-2 part the term in that coefficient's equation, and so on, so a cross-level interaction
``R:Z`` (R level 1, Z level 2) is ``gamma_11*Z_j`` in ``beta_1j``'s equation. Random effects
join the equation of their grouping's level (``u_1j`` in ``beta_1j``; ``r_0jk`` in ``pi_0jk`` and
``u_00k`` in ``beta_00k`` for three levels). A coefficient that is just a fixed effect is written
directly (``beta_2*X_ij``), as seed 001 does. Crossed groupings give one level-1 equation in
Gelman–Hill brackets (``u_0j[i] + v_0k[i]``), and so does a nested model asked for in bracket
style (``u_0j[i] + v_0k[i]`` with ``j: district:school``, ``k: district``). Covariances: one
statement per random block; a grouping of single-effect blocks (lme4's ``||``) gets one
``diag(...)`` statement.

A spec that came from equations (``spec.system`` set) is already a system: the user's
own is returned (in bracket style when asked), whatever data or levels say. A formula with
``factor(x)`` has no plain-text equations (the equation language cannot read ``factor()`` back):
:func:`multilevel` refuses it with a hint, while :func:`multilevel_model` (for LaTeX) writes it
as the function ``factor(x_ij)``.
:func:`multilevel_model` returns a :class:`~notation.ir.Spec`: the model with the symbols of the
written system, so every other form (reduced, distribution, estimates) uses the same symbols.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from notation.derive.bracket import bracket_system
from notation.derive.crossed import crossed_notation
from notation.derive.level_notation import derived_notation, level_distributions
from notation.derive.levels import Hierarchy, hierarchy, predictor_levels
from notation.errors import SpecMeaningError
from notation.ir import (
    DataSchema,
    EquationSystem,
    Index,
    LevelEquation,
    Model,
    Name,
    Spec,
    SpecLike,
    Symbols,
    Term,
    as_spec,
    block_columns,
    categorical_column,
)
from notation.ir.symbols import (
    MAX_NESTED_DEPTH,
    coefficient_letter,
    nested_effect_letter,
    number_subscript,
    residual_symbol,
    subscripted,
    with_subscript,
)

__all__ = ["multilevel", "multilevel_model"]


@dataclass
class _Node:
    """A coefficient: children keyed by the variables they multiply (∅ first), a random effect."""

    path: tuple[int, ...]
    children: dict[frozenset[sp.Expr], _Node] = field(default_factory=dict)
    factors: tuple[sp.Expr, ...] = ()
    random: list[sp.Symbol] = field(default_factory=list)  # one per block: (x | g) + (1 | g) gives two

    def child(self, factors: tuple[sp.Expr, ...]) -> _Node:
        key = frozenset(factors)
        if key not in self.children:
            number = 0 if not key else len([k for k in self.children if k]) + 1
            self.children[key] = _Node((*self.path, number), factors=factors)
        return self.children[key]

    def ordered(self) -> list[_Node]:
        """Children by number: the intercept's coefficient (0) first."""
        return sorted(self.children.values(), key=lambda c: c.path[-1])


def multilevel(spec: SpecLike, schema: DataSchema | None = None, levels: Mapping[str, str] | None = None,
               style: str = "double") -> EquationSystem:
    """The level equations of ``spec``; see the module docstring."""
    if style not in ("double", "bracket"):
        raise SpecMeaningError(f"unknown equation style {style!r}", hint="use double or bracket")
    spec = as_spec(spec)
    if spec.system is not None:
        return bracket_system(spec.system) if style == "bracket" else spec.system
    _refuse_categorical(spec.model)
    system = multilevel_model(spec.model, schema, levels, style).system
    assert system is not None  # multilevel_model always writes one
    return system


def multilevel_model(model: Model, schema: DataSchema | None = None,
                     levels: Mapping[str, str] | None = None, style: str = "double") -> Spec:
    """``model`` with the symbols of the level equations the toolkit writes for it (``spec.system``)."""
    if not isinstance(model.response, sp.Symbol) or model.offsets:
        raise SpecMeaningError("level equations need a plain response variable and no offsets",
                               hint="transform the response in the data, e.g. a column log_y")
    repeated = next((b for b in model.random if b.occurrence > 0), None)
    if repeated is not None:  # its effects would share the first one's symbols: read back, one block
        raise SpecMeaningError(
            f"level equations cannot write a random term written twice ({repeated.group_label}): lme4 keeps "
            "both as variance components, the equations would name them alike",
            hint="`notation formula` and `notation fit` keep both; drop the repeated term for equations")
    shape = hierarchy(model)
    if not shape.nested or (style == "bracket" and shape.depth > 2):
        return Spec(model, crossed_notation(model, _flat(shape)))
    if shape.depth > MAX_NESTED_DEPTH:
        raise SpecMeaningError(
            f"the model nests {shape.depth - 1} grouping levels; level equations are lettered for at most "
            f"{MAX_NESTED_DEPTH - 1} (Raudenbush & Bryk's π, β, γ, δ)",
            hint="use another form (--form reduced, matrix or marginal) for deeper nesting")
    variable_levels = predictor_levels(model, shape, schema, levels or {})
    writer = _Writer(model, shape, variable_levels, bracket=style == "bracket" and shape.depth == 2)
    return Spec(model, writer.notation())


def _refuse_categorical(model: Model) -> None:
    """Equations that read back to the model cannot spell ``factor(x)``: ask for a categorical column."""
    terms = [*model.fixed, *(t for block in model.random for t in block.terms)]
    for term in terms:
        for factor in term.factors:
            column = categorical_column(factor)
            if column is not None:
                raise SpecMeaningError(
                    f"level equations cannot write factor({column}): the equation language has no factor()",
                    hint=f"recode {column} as text (values such as w1, w2, ...) so that the data make it "
                         f"categorical, and write {column}; `notation latex` shows factor({column}) as it is")


def _flat(shape: Hierarchy) -> Hierarchy:
    """Every grouping its own index at level 2, named by its full column list."""
    return Hierarchy(shape.letters, shape.groupings, tuple(":".join(g) for g in shape.groupings), False)


class _Writer:
    def __init__(self, model: Model, shape: Hierarchy, levels: dict[str, int], *, bracket: bool) -> None:
        self.model, self.shape, self.levels, self.bracket = model, shape, levels, bracket
        self.root = _Node(())
        self.effects: dict[tuple[int, Term | None], sp.Symbol] = {}
        self.build()

    def factor_level(self, factor: sp.Expr) -> int:
        names = [s.name for s in factor.free_symbols if isinstance(s, sp.Symbol)]
        return min((self.levels.get(n, 1) for n in names), default=1)

    def build(self) -> None:
        if self.model.intercept:
            self.leaf(())
        for fixed in self.model.fixed:
            self.leaf(fixed.factors)
        for k, block in enumerate(self.model.random):
            level = self.shape.level_of(block.grouping)
            for term in block_columns(block):
                node = self.root.child(term.factors if term else ())
                for _ in range(level - 2):
                    node = node.child(())
                symbol = self.random_symbol(node.path, level, copy=len(node.random))
                node.random.append(symbol)
                self.effects[(k, term)] = symbol

    def leaf(self, factors: tuple[sp.Expr, ...]) -> None:
        node = self.root
        for level in range(1, self.shape.depth + 1):
            node = node.child(tuple(f for f in factors if self.factor_level(f) == level))

    # -- symbols -------------------------------------------------------------------------------
    def letters(self, level: int) -> str:
        return "".join(self.shape.letters[level - 1:])

    def coefficient(self, node: _Node, *, indexed: bool, at_level1: bool = False) -> sp.Symbol:
        depth = len(node.path)
        name = Name(coefficient_letter(depth, self.shape.depth), number_subscript(*node.path))
        if not indexed or depth == self.shape.depth:
            return name.symbol()
        if self.bracket and at_level1:
            return name.with_subscript(name.subscript + self.shape.letters[1], self.shape.letters[0]).symbol()
        return name.with_subscript(name.subscript + self.letters(depth + 1)).symbol()

    def random_symbol(self, path: tuple[int, ...], level: int, copy: int = 0) -> sp.Symbol:
        base = nested_effect_letter(level, self.shape.depth, copy)
        return Name(base, number_subscript(*path) + self.letters(level)).symbol()

    def variable(self, factor: sp.Expr) -> sp.Expr:
        level = self.factor_level(factor)
        letters = self.shape.letters[0] if self.bracket and level == 1 else self.letters(level)
        return with_subscript(factor, letters)

    # -- equations -----------------------------------------------------------------------------
    def collapsed(self, node: _Node) -> bool:
        """A coefficient that is only its fixed effect: written directly, no equation."""
        if len(node.path) == self.shape.depth:
            return True
        return (not node.random and set(node.children) == {frozenset()}
                and self.collapsed(node.children[frozenset()]))

    def rhs(self, node: _Node, level: int) -> sp.Expr:
        terms: list[sp.Expr] = []
        for child in node.ordered():
            symbol = self.coefficient(child, indexed=not self.collapsed(child), at_level1=level == 1)
            factors = [self.variable(f) for f in child.factors]
            terms.append(sp.Mul(symbol, *factors, evaluate=False) if factors else symbol)
        terms += node.random
        return sp.Add(*terms, evaluate=False) if len(terms) > 1 else terms[0]

    def equations(self) -> list[LevelEquation]:
        response = subscripted(str(self.model.response), self.observation_letters())
        residual = self.residual()
        level1 = self.rhs(self.root, 1) if self.root.children else None
        rhs = sp.Add(level1, residual, evaluate=False) if level1 is not None else residual
        out = [LevelEquation(response, rhs, 1)]
        pending = [c for c in self.root.ordered() if not self.collapsed(c)]
        while pending:
            node = pending.pop(0)
            level = len(node.path) + 1
            out.append(LevelEquation(self.coefficient(node, indexed=True), self.rhs(node, level), level))
            pending.extend(c for c in node.ordered() if not self.collapsed(c))
        return out

    def observation_letters(self) -> str:
        return self.shape.letters[0] if self.bracket else self.letters(1)

    def residual(self) -> sp.Symbol:
        return residual_symbol(self.observation_letters())

    def fixed_coefficient(self, factors: tuple[sp.Expr, ...]) -> sp.Symbol:
        """The symbol written for a fixed term: its first coefficient that is written directly."""
        node = self.root
        for level in range(1, self.shape.depth + 1):
            node = node.children[frozenset(f for f in factors if self.factor_level(f) == level)]
            if self.collapsed(node):
                break
        return self.coefficient(node, indexed=False)

    def notation(self) -> Symbols:
        variables = {s.name: self.variable(s) for t in self.model.fixed for f in t.factors
                     for s in f.free_symbols if isinstance(s, sp.Symbol)}
        for block in self.model.random:
            for name in sorted(block.variables - set(variables)):
                variables[name] = self.variable(sp.Symbol(name))
        return derived_notation(
            self.model, self.system(), self.residual(),
            intercept=self.fixed_coefficient(()) if self.model.intercept else None,
            variables=variables,
            coefficients={t: self.fixed_coefficient(t.factors) for t in self.model.fixed},
            effects=self.effects,
        )

    def system(self) -> EquationSystem:
        groups = zip(self.shape.letters[1:], self.shape.columns, strict=True)
        indices = (Index(self.shape.letters[0], None, 1),
                   *(Index(letter, column, level) for level, (letter, column) in enumerate(groups, start=2)))
        return EquationSystem(tuple(self.equations()), indices,
                              level_distributions(self.model, self.effects, self.residual()),
                              "bracket" if self.bracket else "double")
