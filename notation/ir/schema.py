"""What a model needs to know of its data, without the rows: the one owner of "is it categorical".

Contract: a :class:`DataSchema` is built once per (model, data) by ``notation.data`` and read by
derive (dimensions, contrasts, predictor levels) and, through the same rules, by the design:

- :data:`Kind` of each column; backends map their dtypes to it (``notation.data.kinds`` for
  pandas). :func:`is_categorical` is THE rule: text, R factors (pandas categoricals) and logicals
  are categorical; numbers, dates (R's Date, days since 1970) and date-times (POSIXct, seconds)
  are numeric, as ``model.matrix`` reads them. ``factor(x)`` is categorical whatever ``x`` holds,
  and a grouping factor always is (:class:`GroupingSchema` carries its levels apart from the kind).
- levels in R's order (a factor's own order, else sorted; numbers numerically) on the complete rows
  (lme4 drops a row with a missing value in any model column), counted in ``nrows``.
- per grouping factor (``a:b`` counts observed combinations) its group sizes and the model
  variables constant within every group (a predictor's level, as equatiomatic infers it).
- :func:`code_terms`: R's ``model.matrix`` coding of (intercept, terms) — terms by degree,
  treatment contrasts when the term without the factor is present, else one indicator per level;
  without an intercept only the first factor spans it; the first factor varies fastest in an
  interaction; lme4's names (``recipeB:temp``, ``factor(wave)2``, ``SexTRUE``). The design codes
  its columns by this plan; derive names its display terms and counts p and q by it.
- ``dropped``: the fixed columns R's rank check (``dqrdc2``, tol 1e-7) drops, found by the data layer.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import sympy as sp

from notation.ir.model import Model
from notation.ir.names import categorical_column, expression_name, matrix_columns
from notation.ir.terms import Term

__all__ = [
    "CATEGORICAL_KINDS", "CodedColumn", "CodedTerm", "ColumnSchema", "DataSchema", "GroupingSchema", "Kind",
    "categorical_source", "code_terms", "coded_name", "is_categorical",
]

Kind = Literal["numeric", "logical", "text", "factor", "date", "datetime"]
"""numeric: integers and reals; logical: TRUE/FALSE; text: R's character (CSV strings); factor: a
factor with its own level order (pandas categorical); date: R's Date; datetime: R's POSIXct."""

CATEGORICAL_KINDS: frozenset[Kind] = frozenset({"logical", "text", "factor"})

Levels = Callable[[sp.Expr], "tuple[str, ...] | None"]


def is_categorical(kind: Kind) -> bool:
    """Whether ``model.matrix`` codes a column of this kind by indicators (lme4 makes it a factor)."""
    return kind in CATEGORICAL_KINDS


def categorical_source(factor: sp.Expr, kind: Callable[[str], Kind]) -> str | None:
    """The column a term factor reads as a factor — ``factor(x)`` whatever ``x`` holds, a bare
    column of a categorical ``kind`` — or None for a numeric factor (a number, ``log(x)``, ``I(x^2)``)."""
    inside = categorical_column(factor)
    if inside is not None:
        return inside
    if isinstance(factor, sp.Symbol) and is_categorical(kind(factor.name)):
        return factor.name
    return None


@dataclass(frozen=True)
class ColumnSchema:
    """One data column the model reads; ``levels`` (R's order, complete rows) when it is read as a
    factor: a categorical kind, or a column inside ``factor()``."""

    name: str
    kind: Kind
    levels: tuple[str, ...] | None = None

    @property
    def categorical(self) -> bool:
        return is_categorical(self.kind)


@dataclass(frozen=True)
class GroupingSchema:
    """A grouping factor: rows per level (level order), and the variables constant within groups."""

    columns: tuple[str, ...]
    sizes: tuple[int, ...]
    constant: frozenset[str] = frozenset()

    @property
    def nlevels(self) -> int:
        return len(self.sizes)

    @property
    def label(self) -> str:
        return ":".join(self.columns)


@dataclass(frozen=True)
class CodedColumn:
    """One model-matrix column: each factor of its term with the level it indicates (None: numeric)."""

    name: str
    factors: tuple[tuple[sp.Expr, str | None], ...]


@dataclass(frozen=True)
class CodedTerm:
    """A term's model-matrix columns; ``contrasts`` are its factors coded by treatment contrasts
    (R refuses those with fewer than two levels)."""

    term: Term
    columns: tuple[CodedColumn, ...]
    contrasts: tuple[sp.Expr, ...]


def coded_name(factor: sp.Expr, level: str | None) -> str:
    """lme4's name of one factor's part of a column: ``recipeB``, ``factor(wave)2``, ``temp``."""
    return expression_name(factor) + (level or "")


def code_terms(intercept: bool, terms: Sequence[Term], levels: Levels) -> tuple[CodedTerm, ...]:
    """R's ``model.matrix`` columns of ``intercept + terms``, terms in R's order (by degree).

    ``levels(factor)`` gives a categorical factor's levels in R's order, None for a numeric one.
    """
    ordered = sorted(terms, key=lambda t: t.order)  # stable: R's terms() orders by degree only
    # the empty term counts as present even without an intercept: only the spanning factor differs
    present: set[frozenset[str]] = {t.key for t in ordered} | {frozenset()}
    spanning = None if intercept else _spanning_factor(ordered, levels)
    return tuple(_code_term(term, present, levels, spanning) for term in ordered)


def _spanning_factor(terms: Sequence[Term], levels: Levels) -> tuple[Term, sp.Expr] | None:
    """Without an intercept R codes the first factor of the first term holding one by all its
    indicators (it spans the intercept); every later factor keeps its contrasts."""
    for term in terms:
        for factor in term.factors:
            if levels(factor) is not None:
                return term, factor
    return None


def _code_term(term: Term, present: set[frozenset[str]], levels: Levels,
               spanning: tuple[Term, sp.Expr] | None) -> CodedTerm:
    choices: list[list[tuple[sp.Expr, str | None]]] = []
    contrasts: list[sp.Expr] = []
    for factor in term.factors:
        suffixes = matrix_columns(factor)
        if suffixes is not None:  # poly(x, 2): all its columns, named poly(x, 2)1, poly(x, 2)2
            choices.append([(factor, s) for s in suffixes])
            continue
        factor_levels = levels(factor)
        if factor_levels is None:
            choices.append([(factor, None)])
            continue
        spans = spanning is not None and spanning[0] is term and spanning[1] == factor
        contrast = not spans and (term.key - {term.name_of(factor)}) in present
        if contrast:
            contrasts.append(factor)
        choices.append([(factor, level) for level in (factor_levels[1:] if contrast else factor_levels)])
    # the first factor varies fastest: product() varies the last fastest, so run it reversed
    combinations = [tuple(reversed(c)) for c in itertools.product(*reversed(choices))]
    columns = tuple(CodedColumn(":".join(term.name_of(f) + (level or "") for f, level in combination),
                                combination)
                    for combination in combinations)
    return CodedTerm(term, columns, tuple(contrasts))


@dataclass(frozen=True)
class DataSchema:
    """The facts of one model's data; see the module docstring."""

    nrows: int
    columns: tuple[ColumnSchema, ...]
    groupings: tuple[GroupingSchema, ...]
    dropped: tuple[str, ...] = ()

    def column(self, name: str) -> ColumnSchema:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def levels(self, factor: sp.Expr) -> tuple[str, ...] | None:
        """A term factor's levels when it is categorical (the column's kind, or ``factor(x)``)."""
        source = categorical_source(factor, lambda name: self.column(name).kind)
        return None if source is None else self.column(source).levels

    def coded(self, intercept: bool, terms: Sequence[Term]) -> tuple[CodedTerm, ...]:
        return code_terms(intercept, terms, self.levels)

    def column_names(self, intercept: bool, terms: Sequence[Term]) -> tuple[str, ...]:
        """The names ``model.matrix`` gives the columns of ``intercept + terms``."""
        names = ("(Intercept)",) if intercept else ()
        return names + tuple(c.name for t in self.coded(intercept, terms) for c in t.columns)

    def fixed_names(self, model: Model) -> tuple[str, ...]:
        """The columns of X the fit keeps: the model matrix less the rank-deficient ones."""
        return tuple(n for n in self.column_names(model.intercept, model.fixed) if n not in self.dropped)

    def grouping(self, columns: Sequence[str]) -> GroupingSchema:
        """The grouping factor of ``columns`` (``a:b`` and ``b:a`` are one)."""
        wanted = frozenset(columns)
        for grouping in self.groupings:
            if frozenset(grouping.columns) == wanted:
                return grouping
        raise KeyError(":".join(columns))

    def with_indicators(self, sources: Mapping[str, str]) -> DataSchema:
        """The schema with 0/1 indicator columns (``recipeB`` → ``recipe``): numeric, and constant
        within a grouping where their source column is, so a contrast keeps its column's level."""
        added = tuple(ColumnSchema(name, "numeric") for name in sources)
        groupings = tuple(replace(g, constant=g.constant | {n for n, s in sources.items() if s in g.constant})
                          for g in self.groupings)
        return replace(self, columns=self.columns + added, groupings=groupings)
