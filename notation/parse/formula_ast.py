"""The syntax tree of an lme4 formula, between the grammar and lme4's expansion rules.

The Transformer (:mod:`notation.parse.formula_transformer`) builds these nodes; the expansion
(:mod:`notation.parse.expand`) turns them into a :class:`~notation.ir.Model`. Every node keeps the
:class:`Span` of its text so that a meaning error (``(1 | a + b)``, ``x * (1 | g)``) points at the
exact place. Factors are SymPy expressions already: the arithmetic inside ``I()``, ``log()`` and
the response is no concern of the expansion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp

from notation.errors import NotationError

__all__ = [
    "Atom",
    "Bar",
    "Call",
    "FormulaTree",
    "Node",
    "Number",
    "Offset",
    "Operation",
    "Operator",
    "Power",
    "Removal",
    "Span",
]

Operator = Literal["+", "-", "*", "/", "%in%", ":"]


@dataclass(frozen=True)
class Span:
    """Where a node is in the spec text: 1-based line and column, and its width on that line."""

    line: int
    column: int
    width: int = 1

    def locate(self, error: NotationError, text: str) -> NotationError:
        """``error`` pointing here in ``text``."""
        return error.at(text, self.line, self.column, self.width)


@dataclass(frozen=True)
class Atom:
    """An atom of the term algebra: a variable or a function of variables (``x``, ``log(x)``, ``I(x^2)``)."""

    expression: sp.Expr
    span: Span


@dataclass(frozen=True)
class Number:
    """A bare number on the right-hand side: ``1`` adds the intercept, ``0`` removes it."""

    value: sp.Rational
    span: Span


@dataclass(frozen=True)
class Operation:
    """A binary operator of the term algebra: ``+ - * / %in% :``."""

    operator: Operator
    left: Node
    right: Node
    span: Span


@dataclass(frozen=True)
class Removal:
    """A leading minus: ``-1 + x``, ``-x``."""

    operand: Node
    span: Span


@dataclass(frozen=True)
class Power:
    """``(a + b + c)^2``: all interactions up to order ``exponent``."""

    base: Node
    exponent: sp.Rational
    span: Span


@dataclass(frozen=True)
class Bar:
    """A random-effect term, lme4's "bar": ``(lhs | grouping)``, or ``(lhs || grouping)`` when
    ``correlated`` is False."""

    lhs: Node
    grouping: Node
    correlated: bool
    span: Span


@dataclass(frozen=True)
class Offset:
    """``offset(expr)``: a known term with coefficient 1."""

    expression: sp.Expr
    span: Span


@dataclass(frozen=True)
class FormulaTree:
    """``response ~ rhs``; ``tilde`` locates the ``~`` for errors about a missing side."""

    response: sp.Expr
    rhs: Node
    tilde: Span


@dataclass(frozen=True)
class Call:
    """The ``lmer(...)`` call a formula was pasted in: its name and named arguments."""

    name: str
    formula: FormulaTree
    arguments: tuple[tuple[str | None, str, Span], ...]
    span: Span


Node = Atom | Number | Operation | Removal | Power | Bar | Offset
