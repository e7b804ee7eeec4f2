"""Terms and random-effect blocks: the formula side of a model, independent of any data.

A :class:`Term` is an unordered product of factors (``R:Z`` equals ``Z:R``); a factor is a
SymPy expression, usually a bare ``Symbol`` naming a data column, or an expression such as
``x**2`` (``I(x^2)``) or ``log(x)``. Whether a variable is categorical is decided by the data
at compile time, not here. Factors keep the order in which the user wrote them, for display.

A term is named as lme4 names it: by the text the user wrote for each factor (``I(age - 11)``,
``log(Days + 1)``, R's ``deparse``), kept in ``written``; without it (a term built from equations)
the name is :func:`~notation.ir.names.expression_name` of the factor. Terms compare by these names,
as R's ``terms()`` does: ``I(a*b)`` and ``I(b*a)`` are two terms.

A :class:`RandomBlock` is one ``(terms | grouping)`` after lme4's expansion: it owns one
covariance matrix ψ_k over its columns (``(Intercept)`` first when present, then its terms), of
the ``structure`` its covariance tag gives (``us`` unstructured, lme4's default; ``cs`` compound
symmetry; ``ar1``). A block written twice is two blocks, as in lme4: ``occurrence`` counts the
earlier equal ones, so that equal blocks stay distinct keys (of symbols, of covariance matrices).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

from notation.ir.names import expression_name, variable_name

__all__ = ["STRUCTURES", "RandomBlock", "Structure", "Term"]

Structure = Literal["us", "cs", "ar1"]
# the covariance structures a block may have: lme4 2.0's and glmmTMB's tags of the same name
STRUCTURES: tuple[Structure, ...] = ("us", "cs", "ar1")


@dataclass(frozen=True, eq=False)
class Term:
    """An interaction of one or more factors; order of factors is kept for display only."""

    factors: tuple[sp.Expr, ...]
    written: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.factors:
            raise ValueError("a term needs at least one factor")
        names = self.written or tuple(expression_name(f) for f in self.factors)
        if len(names) != len(self.factors):
            raise ValueError("a term needs one written name per factor")
        unique = dict(dict.fromkeys(zip(names, self.factors, strict=True)))
        object.__setattr__(self, "factors", tuple(f for _, f in unique))
        object.__setattr__(self, "written", tuple(n for n, _ in unique))

    @classmethod
    def of(cls, *names: str | sp.Expr) -> Term:
        """``Term.of("R", "Z")`` is ``R:Z``; strings become variables."""
        return cls(tuple(sp.Symbol(n) if isinstance(n, str) else n for n in names))

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.written)

    def name_of(self, factor: sp.Expr) -> str:
        """The written name of one of the term's factors."""
        return self.written[self.factors.index(factor)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __mul__(self, other: Term) -> Term:
        """The interaction ``self:other``."""
        return Term(self.factors + other.factors, self.written + other.written)

    @property
    def order(self) -> int:
        """1 for a main effect, 2 for a two-way interaction, ..."""
        return len(self.factors)

    @property
    def variables(self) -> frozenset[str]:
        """Names of the data columns the term reads."""
        return frozenset(s.name for f in self.factors for s in f.free_symbols if isinstance(s, sp.Symbol))

    @property
    def label(self) -> str:
        """lme4's name of the term: factor names joined by ``:``."""
        return ":".join(self.written)

    def __repr__(self) -> str:
        return f"Term({self.label})"


@dataclass(frozen=True, eq=False)
class RandomBlock:
    """One random-effect term ``(1 + x | g)`` after expansion; owns one ψ_k."""

    intercept: bool
    terms: tuple[Term, ...]
    grouping: tuple[str, ...]
    structure: Structure = "us"
    occurrence: int = 0
    # lme4's name of the grouping factor as the formula gives it (``cask:batch`` from ``batch/cask``,
    # ``c:(b:a)``); empty: the columns joined by ``:``. Not part of the block's identity.
    group_name: str = ""

    def __post_init__(self) -> None:
        if not self.grouping:
            raise ValueError("a random-effect block needs a grouping factor")
        object.__setattr__(self, "terms", tuple(dict.fromkeys(self.terms)))
        object.__setattr__(self, "grouping", tuple(dict.fromkeys(self.grouping)))
        if not self.intercept and not self.terms:
            raise ValueError("a random-effect block needs at least one column")
        if self.structure not in STRUCTURES:
            raise ValueError(f"unknown covariance structure {self.structure!r}")

    @property
    def key(self) -> tuple[bool, frozenset[Term], frozenset[str], str, int]:
        # a:b and b:a group the same rows, so the grouping compares as a set
        return (self.intercept, frozenset(self.terms), frozenset(self.grouping), self.structure,
                self.occurrence)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomBlock) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def group_label(self) -> str:
        """The grouping factor's name as lme4 gives it: ``Subject``, ``cask:batch``, ``c:(b:a)``."""
        return self.group_name or ":".join(variable_name(g) for g in self.grouping)

    @property
    def column_labels(self) -> tuple[str, ...]:
        """lme4's names of the block's columns, ``(Intercept)`` first (before factor coding)."""
        head = ("(Intercept)",) if self.intercept else ()
        return head + tuple(t.label for t in self.terms)

    @property
    def variables(self) -> frozenset[str]:
        return frozenset().union(*(t.variables for t in self.terms)) if self.terms else frozenset()

    def __repr__(self) -> str:
        tag = "" if self.structure == "us" else self.structure
        return f"RandomBlock({tag}({' + '.join(self.column_labels)} | {self.group_label}))"
