"""R's algebra of model terms (``terms.formula``): what ``+ - * / %in% : ^`` do to sets of terms.

A :class:`TermSet` is an ordered set of terms, each a tuple of :class:`Factor` (a SymPy value and
the name the user wrote, by which R tells variables apart: ``I(a*b)`` is not ``I(b*a)``);
the empty tuple is the intercept ``1``, the identity of ``:``. Operations keep the order in
which terms first appear, as R does, and never merge two spellings of one term twice
(``a:b`` and ``b:a`` are one term). ``intercept`` records an explicit ``1``/``0``/``-1``: the
last one written wins; ``None`` means the default (an intercept). As in R, a ``0`` inside a
product removes the intercept (``a*0`` is ``a`` without intercept).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp

__all__ = [
    "INTERCEPT", "Factor", "TermSet", "cross", "difference", "interaction", "nest", "nest_in", "power",
    "union",
]


@dataclass(frozen=True)
class Factor:
    """A variable of a term: its value and its name as written; equal when the names are."""

    value: sp.Expr = field(compare=False, hash=False)
    name: str


Factors = tuple[Factor, ...]


@dataclass(frozen=True)
class TermSet:
    """Terms in order of appearance and the explicit intercept setting, if any."""

    terms: tuple[Factors, ...] = ()
    intercept: bool | None = None

    @property
    def effects(self) -> tuple[Factors, ...]:
        """The terms without the intercept ``()``."""
        return tuple(t for t in self.terms if t)

    def has_intercept(self) -> bool:
        """The intercept after lme4's default: present unless ``0`` or ``-1`` said otherwise."""
        return True if self.intercept is None else self.intercept


INTERCEPT = TermSet(((),), True)


def _merge(*terms: Factors) -> Factors:
    """The interaction of terms: their factors, each once, in order of appearance."""
    return tuple(dict.fromkeys(f for term in terms for f in term))


def _unique(terms: Iterable[Factors]) -> tuple[Factors, ...]:
    seen: dict[frozenset[Factor], Factors] = {}
    for term in terms:
        seen.setdefault(frozenset(term), term)
    return tuple(seen.values())


def union(left: TermSet, right: TermSet) -> TermSet:
    """``left + right``."""
    intercept = left.intercept if right.intercept is None else right.intercept
    return TermSet(_unique(left.terms + right.terms), intercept)


def difference(left: TermSet, right: TermSet) -> TermSet:
    """``left - right``: drops right's terms; ``- 1`` drops the intercept, ``- 0`` restores it."""
    removed = {frozenset(t) for t in right.terms}
    kept = tuple(t for t in left.terms if frozenset(t) not in removed)
    intercept = left.intercept if right.intercept is None else not right.intercept
    return TermSet(kept, intercept)


def interaction(left: TermSet, right: TermSet) -> TermSet:
    """``left:right``: every term of left with every term of right (a ``0`` drops the intercept)."""
    intercept = False if False in (left.intercept, right.intercept) else None
    return TermSet(_unique(_merge(a, b) for a in left.terms for b in right.terms), intercept)


def cross(left: TermSet, right: TermSet) -> TermSet:
    """``left * right`` = ``left + right + left:right``."""
    return union(union(left, right), interaction(left, right))


def nest(left: TermSet, right: TermSet) -> TermSet:
    """``left / right`` = ``left + (all of left):right``; ``a/b/c`` is ``a + a:b + a:b:c``."""
    return union(left, interaction(TermSet((_merge(*left.terms),)), right))


def nest_in(left: TermSet, right: TermSet) -> TermSet:
    """``left %in% right``: each term of left within all of right."""
    return interaction(left, TermSet((_merge(*right.terms),)))


def power(base: TermSet, exponent: int) -> TermSet:
    """``base^n``: the terms of base and their interactions up to order ``n``."""
    result = base
    for _ in range(exponent - 1):
        result = cross(result, base)
    return result
