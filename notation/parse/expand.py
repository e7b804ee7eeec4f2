"""lme4's expansion rules: formula syntax tree → :class:`~notation.ir.Model`.

Contract: :func:`expand` returns the fully expanded model or raises
:class:`~notation.errors.SpecMeaningError` pointing at the offending part of ``text``.

- Fixed part: R's term algebra (:mod:`notation.parse.term_algebra`): ``a*b``, ``a/b``, ``(a+b)^2``,
  ``-x``, ``0``/``-1``/``+1``; ``offset(x)`` goes to ``Model.offsets``.
- ``(lhs | g)``: one block per grouping factor, columns from ``lhs`` by the same algebra
  (``(x | g)`` has an intercept, ``(0 + x | g)`` does not). ``g`` is a name, ``a:b``, or ``a/b``
  (= ``a`` and ``a:b``; ``a/b/c`` adds ``a:b:c``); ``(1 | a + b)`` is an error, as in lme4.
  ``(1 | factor(g))`` groups by column ``g``: a grouping factor is categorical anyway, so the block
  is ``(1 | g)`` and its group is named ``g`` (lme4 names it ``factor(g)``).
- ``(lhs || g)``: one block per column, as lme4's ``expandDoubleVerts``.
- A block written twice is kept once: lme4 would give it two variance parameters that the data
  cannot tell apart, and :class:`~notation.ir.Model` compares blocks as a set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp

from notation.errors import NotationError, SpecMeaningError
from notation.ir import Model, RandomBlock, Term, categorical_column
from notation.parse.formula_ast import (
    Atom,
    Bar,
    FormulaTree,
    Node,
    Number,
    Offset,
    Operation,
    Power,
    Removal,
    Span,
)
from notation.parse.term_algebra import (
    INTERCEPT,
    TermSet,
    cross,
    difference,
    interaction,
    nest,
    nest_in,
    power,
    union,
)

__all__ = ["expand"]

_PRODUCTS: dict[str, Callable[[TermSet, TermSet], TermSet]] = {
    "*": cross,
    "/": nest,
    "%in%": nest_in,
    ":": interaction,
}
Grouping = tuple[str, ...]


@dataclass(frozen=True)
class _Part:
    """What a summand of the right-hand side contributes."""

    terms: TermSet = field(default_factory=TermSet)
    blocks: tuple[RandomBlock, ...] = ()
    offsets: tuple[sp.Expr, ...] = ()


def expand(tree: FormulaTree, text: str) -> Model:
    """The model ``tree`` describes; ``text`` is the spec the tree was read from, for errors."""
    part = _Expansion(text).part(tree.rhs)
    fixed = tuple(Term(factors) for factors in part.terms.effects)
    blocks = tuple(dict.fromkeys(part.blocks))
    return Model(tree.response, part.terms.has_intercept(), fixed, blocks, part.offsets)


class _Expansion:
    """The walk over the tree; holds the spec text so that errors can point into it."""

    def __init__(self, text: str) -> None:
        self._text = text

    def _error(self, span: Span, message: str, hint: str) -> NotationError:
        return span.locate(SpecMeaningError(message, hint=hint), self._text)

    def _source(self, span: Span) -> str:
        line = self._text.splitlines()[span.line - 1]
        return line[span.column - 1:span.column - 1 + span.width]

    def part(self, node: Node) -> _Part:
        """A summand: fixed terms, random blocks or offsets, joined by ``+`` and ``-``."""
        match node:
            case Operation(operator="+", left=left, right=right):
                a, b = self.part(left), self.part(right)
                return _Part(union(a.terms, b.terms), a.blocks + b.blocks, a.offsets + b.offsets)
            case Operation(operator="-", left=left, right=right):
                a = self.part(left)
                return _Part(difference(a.terms, self.terms(right)), a.blocks, a.offsets)
            case Bar():
                return _Part(blocks=self.blocks(node))
            case Offset(expression=expression):
                return _Part(offsets=(expression,))
        return _Part(self.terms(node))

    def terms(self, node: Node) -> TermSet:
        """Fixed terms by R's algebra; random terms and offsets may only be added."""
        match node:
            case Atom(expression=expression):
                if expression == sp.Symbol("."):
                    raise self._error(node.span, "'.' (all other columns) needs the data to expand",
                                      "list the terms by name")
                return TermSet(((expression,),))
            case Number(value=value):
                if value in (0, 1):
                    return INTERCEPT if value == 1 else TermSet((), False)
                raise self._error(node.span, f"the number {value} cannot be a term",
                                  "a formula takes 1 (intercept) or 0 (none); write I(2 * x) for arithmetic")
            case Removal(operand=operand):
                return difference(TermSet(), self.terms(operand))
            case Power(base=base, exponent=exponent):
                if not (exponent.is_integer and exponent >= 1):
                    raise self._error(node.span, f"the power {exponent} of terms is not a positive integer",
                                      "(a + b)^2 means a + b + a:b; write I(x^0.5) for arithmetic")
                return power(self._operand(base), int(exponent))
            case Operation(operator="+", left=left, right=right):
                return union(self.terms(left), self.terms(right))
            case Operation(operator="-", left=left, right=right):
                return difference(self.terms(left), self.terms(right))
            case Operation(operator=operator, left=left, right=right):
                return _PRODUCTS[operator](self._operand(left), self._operand(right))
        # a random term or an offset where only fixed terms may stand
        what = "an offset" if isinstance(node, Offset) else "a random-effect term"
        raise self._error(node.span, f"{what} can only be added to the formula",
                          "write it as a summand of its own, e.g. y ~ x + (1 | g) + offset(z)")

    def _operand(self, node: Node) -> TermSet:
        """An operand of ``* / %in% : ^``, where ``0`` and ``-x`` have no meaning."""
        if isinstance(node, Removal):
            raise self._error(node.span, "a removal '-x' cannot be part of an interaction",
                              "write the removal as a summand: y ~ a*b - a")
        terms = self.terms(node)
        if terms.intercept is False:
            raise self._error(node.span, "0 cannot be part of an interaction",
                              "write 0 + ... to drop the intercept")
        return terms

    def blocks(self, node: Bar) -> tuple[RandomBlock, ...]:
        """``(lhs | g)`` → one block per grouping factor; ``||`` → one per column as well."""
        lhs = self.terms(node.lhs)
        intercept, terms = lhs.has_intercept(), tuple(Term(f) for f in lhs.effects)
        if not intercept and not terms:
            raise self._error(node.span, "the random-effect term has no columns",
                              "write (1 | g) for a random intercept or (0 + x | g) for a slope only")
        groupings = self.groupings(node.grouping)
        columns: list[tuple[bool, tuple[Term, ...]]] = [(intercept, terms)]
        if not node.correlated:
            columns = ([(True, ())] if intercept else []) + [(False, (t,)) for t in terms]
        return tuple(RandomBlock(i, ts, g) for i, ts in columns for g in groupings)

    def groupings(self, node: Node) -> tuple[Grouping, ...]:
        """The grouping factors right of ``|``: ``g``, ``a:b``, ``a/b`` (→ ``a``, ``a:b``)."""
        match node:
            case Atom(expression=sp.Symbol(name=name)):
                return ((name,),)
            case Atom(expression=expression) if categorical_column(expression) is not None:
                return ((str(categorical_column(expression)),),)
            case Operation(operator=":" | "%in%", left=left, right=right):
                inner = self.groupings(right)
                return tuple(dict.fromkeys(a + b for a in self.groupings(left) for b in inner))
            case Operation(operator="/", left=left, right=right):
                outer = self.groupings(left)
                whole = tuple(dict.fromkeys(name for g in outer for name in g))
                return tuple(dict.fromkeys(outer + tuple(whole + b for b in self.groupings(right))))
            case Operation(operator="+"):
                raise self._error(node.span, f"the grouping factor '{self._source(node.span)}' is a sum",
                                  "lme4 rejects (1 | a + b): write (1 | a) + (1 | b) for crossed factors, "
                                  "or (1 | a:b) for their combinations")
        raise self._error(node.span, f"'{self._source(node.span)}' is not a grouping factor",
                          "after '|' write a column name, an interaction a:b, or a nesting a/b")
