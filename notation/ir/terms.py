"""Terms and random-effect blocks: the formula side of a model, independent of any data.

A :class:`Term` is an unordered product of factors (``R:Z`` equals ``Z:R``); a factor is a
SymPy expression, usually a bare ``Symbol`` naming a data column, or an expression such as
``x**2`` (``I(x^2)``) or ``log(x)``. Whether a variable is categorical is decided by the data
at compile time, not here. Factors keep the order in which the user wrote them, for display.

A :class:`RandomBlock` is one ``(terms | grouping)`` after lme4's expansion: it owns one
covariance matrix ψ_k over its columns (``(Intercept)`` first when present, then its terms).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from notation.ir.names import expression_name, variable_name

__all__ = ["RandomBlock", "Term"]


@dataclass(frozen=True, eq=False)
class Term:
    """An interaction of one or more factors; order of factors is kept for display only."""

    factors: tuple[sp.Expr, ...]

    def __post_init__(self) -> None:
        if not self.factors:
            raise ValueError("a term needs at least one factor")
        unique = tuple(dict.fromkeys(self.factors))
        object.__setattr__(self, "factors", unique)

    @classmethod
    def of(cls, *names: str | sp.Expr) -> Term:
        """``Term.of("R", "Z")`` is ``R:Z``; strings become variables."""
        return cls(tuple(sp.Symbol(n) if isinstance(n, str) else n for n in names))

    @property
    def key(self) -> frozenset[sp.Expr]:
        return frozenset(self.factors)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Term) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __mul__(self, other: Term) -> Term:
        """The interaction ``self:other``."""
        return Term(self.factors + other.factors)

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
        return ":".join(expression_name(f) for f in self.factors)

    def __repr__(self) -> str:
        return f"Term({self.label})"


@dataclass(frozen=True, eq=False)
class RandomBlock:
    """One random-effect term ``(1 + x | g)`` after expansion; owns one ψ_k."""

    intercept: bool
    terms: tuple[Term, ...]
    grouping: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.grouping:
            raise ValueError("a random-effect block needs a grouping factor")
        object.__setattr__(self, "terms", tuple(dict.fromkeys(self.terms)))
        object.__setattr__(self, "grouping", tuple(dict.fromkeys(self.grouping)))
        if not self.intercept and not self.terms:
            raise ValueError("a random-effect block needs at least one column")

    @property
    def key(self) -> tuple[bool, frozenset[Term], frozenset[str]]:
        # a:b and b:a group the same rows, so the grouping compares as a set
        return (self.intercept, frozenset(self.terms), frozenset(self.grouping))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomBlock) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    @property
    def group_label(self) -> str:
        """The grouping factor's name as written: ``Subject``, ``batch:cask``."""
        return ":".join(variable_name(g) for g in self.grouping)

    @property
    def column_labels(self) -> tuple[str, ...]:
        """lme4's names of the block's columns, ``(Intercept)`` first (before factor coding)."""
        head = ("(Intercept)",) if self.intercept else ()
        return head + tuple(t.label for t in self.terms)

    @property
    def variables(self) -> frozenset[str]:
        return frozenset().union(*(t.variables for t in self.terms)) if self.terms else frozenset()

    def __repr__(self) -> str:
        return f"RandomBlock({' + '.join(self.column_labels)} | {self.group_label})"
