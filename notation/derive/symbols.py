"""The scalar symbols a derivation writes: the user's own, or canonical ones for a formula spec.

Contract: :func:`model_symbols` resolves, for every piece of a spec's :class:`~notation.ir.Model`, the
SymPy symbol that stands for it — response, residual, intercept and coefficients, random effects,
subscripted data variables, the entries of each ψ_k and the residual variance — keyed by the model's
terms and blocks. When the spec was an equation system (``spec.symbols`` is set) the user's symbols
win (γ stays γ, ``u_{0j}`` stays ``u_{0j}``); anything the notation leaves out, and everything of
a formula spec, gets a canonical symbol: β_k / b_{kj} (``letters="beta"``) or γ_{k0} / u_{kj}
(``letters="gamma"``), e_{ij} for the residual and σ² for its variance, and τ/ψ/g entries for ψ_k (τ_{00}
for a lone intercept) —
the letters the level equations use. Random-effect column k of a grouping shares the number of
the fixed term it deviates from, so b_{1j} goes with β_1.

Indices: one grouping factor is written with double subscripts (``y_{ij}``, ``b_{0j}``); several
grouping factors with Gelman–Hill brackets (``y_i``, ``b_{0j[i]}``, ``b_{0k[i]}``).

The naming rules themselves (letters, subscripts, σ², ψ's entries) are :mod:`notation.ir.symbols`';
this module only decides which rule names which piece. :func:`block_columns` is ψ's column order and
:func:`dimension` names a size (``J``, ``q_k``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from notation.ir import Model, Name, RandomBlock, Spec, SpecLike, Term, as_spec, block_columns
from notation.ir.symbols import (
    OBSERVATION_INDEX,
    RESIDUAL_VARIANCE,
    canonical_coefficient,
    canonical_effect_letter,
    covariance_entry_base,
    covariance_matrix,
    data_column,
    group_index_letters,
    grouping_marks,
    residual_symbol,
    subscripted,
)

__all__ = [
    "CovarianceLetter",
    "Letters",
    "ModelSymbols",
    "dimension",
    "model_symbols",
]

Letters = Literal["beta", "gamma"]
CovarianceLetter = Literal["tau", "psi", "G"]



Column = tuple[RandomBlock, Term | None]
"""One random-effect column: its block and the term it multiplies (None: the intercept)."""


@dataclass(frozen=True)
class ModelSymbols:
    """Every scalar symbol of one model."""

    response: sp.Expr
    residual: sp.Expr
    intercept: sp.Expr | None
    coefficients: Mapping[Term, sp.Expr]
    random_effects: Mapping[Column, sp.Expr]
    variables: Mapping[str, sp.Expr]
    block_covariances: Mapping[RandomBlock, sp.Matrix]
    residual_variance: sp.Expr
    group_letters: Mapping[tuple[str, ...], str]

    @property
    def data(self) -> dict[sp.Symbol, tuple[str, str]]:
        """Each subscripted data symbol → (column, subscript): ``Days_ij`` → (Days, ij)."""
        return {s: _column_and_subscript(c, s) for c, s in self.variables.items() if isinstance(s, sp.Symbol)}

    def term_value(self, term: Term) -> tuple[sp.Expr, ...]:
        """The factors of ``term`` with each data variable replaced by its subscripted symbol."""
        return tuple(self.evaluate(f) for f in term.factors)

    def evaluate(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` (in data-column symbols) with the subscripted symbols put in."""
        return _evaluate(expr, self.variables)

    def block_effects(self, block: RandomBlock) -> tuple[sp.Expr, ...]:
        """The effects of ``block`` in ψ's column order."""
        return tuple(self.random_effects[(block, c)] for c in block_columns(block))


def model_symbols(spec: SpecLike, letters: Letters = "beta",
                  covariance: CovarianceLetter = "tau") -> ModelSymbols:
    """Resolve the symbols of ``spec``: the user's first, canonical names for the rest."""
    spec = as_spec(spec)
    model, given = spec.model, spec.symbols
    groups = _group_letters(spec)
    obs = OBSERVATION_INDEX if len(groups) != 1 else OBSERVATION_INDEX + next(iter(groups.values()))
    columns = sorted(model.variables - model.grouping_columns)
    variables = {c: (given.variables.get(c) if given else None) or subscripted(c, obs) for c in columns}
    fixed_numbers = {t: k + 1 for k, t in enumerate(model.fixed)}
    coefficients = {t: (given.coefficients.get(t) if given else None)
                    or canonical_coefficient(fixed_numbers[t], letters) for t in model.fixed}
    numbering = _random_numbering(model, fixed_numbers)
    random_effects = {key: (given.effect(*key) if given else None)
                      or _random_effect(model, key, numbering[key], groups, letters) for key in numbering}
    return ModelSymbols(
        response=given.response if given else _evaluate(model.response, variables),
        residual=given.residual if given else residual_symbol(obs),
        intercept=_intercept(spec, letters),
        coefficients=coefficients,
        random_effects=random_effects,
        variables=variables,
        block_covariances=_block_covariances(spec, numbering, groups, covariance),
        residual_variance=(given.residual_variance if given and given.residual_variance is not None
                           else RESIDUAL_VARIANCE),
        group_letters=groups,
    )


def _group_letters(spec: Spec) -> dict[tuple[str, ...], str]:
    """Grouping → index letter: the user's index lines first, then j, k, l, ... in order."""
    declared: dict[str, str] = {}
    if spec.system is not None:
        declared = {ix.column: ix.letter for ix in spec.system.indices
                    if ix.column is not None and ix.level > 1}
    groupings = spec.model.groupings
    free = iter(c for c in group_index_letters(len(declared) + len(groupings)) if c not in declared.values())
    return {g: declared.get(":".join(g)) or next(free) for g in groupings}


def _column_and_subscript(column: str, symbol: sp.Symbol) -> tuple[str, str]:
    """How a data symbol is written: its column and subscript (``Days_ij``), or, where the user spelled
    it otherwise (``X_{1ij}`` for column X1), its own base and subscript."""
    found = data_column(symbol, (column,))
    if found is not None:
        return found
    parts = Name.of(symbol)
    return parts.base, parts.subscript


def _evaluate(expr: sp.Expr, variables: Mapping[str, sp.Expr]) -> sp.Expr:
    swap = {s: variables[s.name] for s in expr.free_symbols
            if isinstance(s, sp.Symbol) and s.name in variables}
    return expr.xreplace(swap)


def _intercept(spec: Spec, letters: Letters) -> sp.Expr | None:
    if not spec.model.intercept:
        return None
    if spec.symbols is not None and spec.symbols.intercept is not None:
        return spec.symbols.intercept
    return canonical_coefficient(0, letters)


def _random_numbering(model: Model, fixed_numbers: Mapping[Term, int]) -> dict[Column, int]:
    """Number each random column within its grouping: 0 for the intercept, the fixed number for a term;
    a number a block of the same grouping took already ((1 | g) + (x | g): two intercepts) is not
    reused — two effects never share a symbol."""
    numbering: dict[Column, int] = {}
    taken: dict[tuple[str, ...], set[int]] = {}
    for block in model.random:
        used = taken.setdefault(block.grouping, set())
        wanted = ([(None, 0)] if block.intercept else []) + [(t, fixed_numbers.get(t)) for t in block.terms]
        for column, number in wanted:
            if number is None or number in used:
                number = max([len(fixed_numbers), *used]) + 1
            numbering[(block, column)] = number
            used.add(number)
    return numbering


def _random_effect(model: Model, key: Column, number: int, groups: Mapping[tuple[str, ...], str],
                   letters: Letters) -> sp.Expr:
    letter = groups[key[0].grouping]
    pointer = "" if len(groups) == 1 else OBSERVATION_INDEX
    subscript = f"{number}{letter}" if number < 10 else f"{number},{letter}"
    return Name(canonical_effect_letter(letters), subscript, pointer).symbol()


def _block_covariances(spec: Spec, numbering: Mapping[Column, int], groups: Mapping[tuple[str, ...], str],
                       covariance: CovarianceLetter) -> dict[RandomBlock, sp.Matrix]:
    given = spec.symbols.covariances if spec.symbols is not None else {}
    base = covariance_entry_base(covariance)
    # canonical effects share one letter (b or u): the index letter tells the groupings apart
    marks = dict(zip(groups, grouping_marks([()] * len(groups), list(groups.values())), strict=True))
    out: dict[RandomBlock, sp.Matrix] = {}
    for block in spec.model.random:
        if block in given:
            out[block] = sp.Matrix(given[block])
            continue
        labels = [str(numbering[(block, c)]) for c in block_columns(block)]
        out[block] = sp.Matrix(covariance_matrix(labels, marks[block.grouping], base))
    return out


def dimension(name: str, letter: str, several: bool) -> sp.Symbol:
    """A size symbol of one grouping: ``J``/``q`` for a lone grouping, ``J_j``/``q_k`` for several."""
    return sp.Symbol(f"{name}_{letter}" if several else name, positive=True, integer=True)
