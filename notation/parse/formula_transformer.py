"""Lark parse tree of ``grammars/formula.lark`` → formula syntax tree (:mod:`~notation.parse.formula_ast`).

Contract: one method per grammar rule; arithmetic (the response, the inside of ``I()``, ``log()``,
``offset()``) becomes SymPy objects built directly — ``Symbol``, ``Add``, ``Mul``, ``Pow`` and the
whitelisted functions ``log``, ``exp``, ``sqrt``, ``abs`` — never by evaluating text. ``factor(x)``
and ``as.factor(x)`` of a variable become :func:`~notation.ir.categorical` (``factor(x)``), a factor
of a term or a grouping factor only: of an expression, or inside arithmetic, it raises
:class:`~notation.errors.SpecMeaningError`. Any other function name raises
:class:`~notation.errors.SpecSyntaxError` at the name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy as sp
from lark import Token, Transformer, v_args
from lark.tree import Meta

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.ir import categorical, categorical_column
from notation.parse.arithmetic import FUNCTIONS, rational
from notation.parse.formula_ast import (
    Atom,
    Bar,
    Call,
    FormulaTree,
    Node,
    Number,
    Offset,
    Operation,
    Operator,
    Power,
    Removal,
    Span,
)

__all__ = ["FormulaTransformer", "span_of"]

Argument = tuple[str | None, str, Span]

# I() protects arithmetic from the term algebra: the expression itself is the factor
_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {"I": lambda expr: expr, **FUNCTIONS}
# R's two spellings of "this column is categorical"
_FACTOR_FUNCTIONS = ("factor", "as.factor")
_FUNCTION_HINTS = {
    "scale": "standardise the column in the data, then use its name",
    "poly": "write the powers out: x + I(x^2)",
}
_DEFAULT_FUNCTION_HINT = "formulas may use I(), log(), exp(), sqrt(), abs(), factor() and offset(); " \
    "compute other transformations as data columns first"


def span_of(item: Meta | Token) -> Span:
    """The span of a token or of a tree's text, for carets."""
    if isinstance(item, Token):
        return Span(item.line or 1, item.column or 1, len(item))
    same_line = item.end_line == item.line
    return Span(item.line, item.column, item.end_column - item.column if same_line else 1)


@v_args(inline=True, meta=True)
class FormulaTransformer(Transformer[Token, "FormulaTree | Call"]):
    """Builds the syntax tree; ``text`` is the spec, for the source text of lmer() arguments."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    # ---- the formula and the call it may come in ------------------------------------------
    def start(self, meta: Meta, source: FormulaTree | Call) -> FormulaTree | Call:
        return source

    def formula(self, meta: Meta, response: Any, tilde: Token, rhs: Node | None) -> FormulaTree:
        where = span_of(tilde)
        if response is None:
            raise self._at(where, SpecSyntaxError(
                "the formula has no response left of '~'",
                hint="write the outcome first, e.g. y ~ x + (1 | g)"))
        if rhs is None:
            raise self._at(Span(where.line, where.column + where.width), SpecSyntaxError(
                "the formula has nothing right of '~'",
                hint="write the terms, e.g. y ~ x + (1 | g); y ~ 1 fits only an intercept"))
        expression = self._expression(response)
        if not expression.free_symbols:
            written = self._text[meta.start_pos:tilde.start_pos].rstrip()
            raise self._at(Span(meta.line, meta.column, len(written)), SpecMeaningError(
                "the response must be a variable", hint="write the outcome's column name left of '~'"))
        return FormulaTree(expression, rhs, where)

    def call(self, meta: Meta, *children: Any) -> Call:
        names = [str(c) for c in children if isinstance(c, Token)]
        formula: FormulaTree = next(c for c in children if isinstance(c, FormulaTree))
        arguments = tuple(c for c in children if isinstance(c, tuple))
        return Call("::".join(names), formula, arguments, span_of(children[len(names) - 1]))

    def assignment(self, meta: Meta, _: Token, call: Call) -> Call:
        return call

    def first_argument(self, meta: Meta, *children: Any) -> FormulaTree:
        if isinstance(children[0], Token) and children[0] != "formula":
            raise self._at(span_of(children[0]), SpecSyntaxError(
                f"the formula is passed as {children[0]} =; it must be the first argument or formula =",
                hint="write lmer(y ~ x + (1 | g), data = d)"))
        formula: FormulaTree = children[-1]
        return formula

    def argument(self, meta: Meta, *children: Any) -> Argument:
        name = str(children[0]) if len(children) == 2 else None
        return (name, children[-1], span_of(meta))

    def _at(self, span: Span, error: NotationError) -> NotationError:
        return span.locate(error, self._text)

    def _expression(self, value: Atom | Offset | sp.Expr) -> sp.Expr:
        """Arithmetic operand: a factor's expression; ``offset()`` is a term, not a value."""
        if isinstance(value, Offset):
            raise value.span.locate(SpecSyntaxError("offset() cannot be used inside an expression",
                                    hint="add it as a term of its own: y ~ x + offset(z)"), self._text)
        if isinstance(value, Atom) and categorical_column(value.expression) is not None:
            raise value.span.locate(SpecMeaningError(
                f"{self._source_text_at(value.span)} is categorical: it has no value to compute with",
                hint="use factor(x) as a term of its own, e.g. y ~ factor(x) + (1 | g)"), self._text)
        return value.expression if isinstance(value, Atom) else value

    def _source_text(self, meta: Meta) -> str:
        return self._text[meta.start_pos:meta.end_pos]

    def _source_text_at(self, span: Span) -> str:
        line = self._text.splitlines()[span.line - 1]
        return line[span.column - 1:span.column - 1 + span.width]

    def name_value(self, meta: Meta, *_: Any) -> str:
        return self._source_text(meta)

    number_value = string_value = negative_value = call_value = name_value

    # ---- right-hand side: the term algebra ------------------------------------------------
    def _operation(self, operator: Operator, meta: Meta, left: Node, right: Node) -> Operation:
        return Operation(operator, left, right, span_of(meta))

    def add(self, meta: Meta, left: Node, right: Node) -> Operation:
        return self._operation("+", meta, left, right)

    def subtract(self, meta: Meta, left: Node, right: Node) -> Operation:
        return self._operation("-", meta, left, right)

    def cross(self, meta: Meta, left: Node, right: Node) -> Operation:
        return self._operation("*", meta, left, right)

    def nest(self, meta: Meta, left: Node, right: Node) -> Operation:
        return self._operation("/", meta, left, right)

    def nest_in(self, meta: Meta, left: Node, right: Node) -> Operation:
        return self._operation("%in%", meta, left, right)

    def interact(self, meta: Meta, left: Node, right: Node) -> Operation:
        return self._operation(":", meta, left, right)

    def remove(self, meta: Meta, operand: Node) -> Removal:
        return Removal(operand, span_of(meta))

    def power(self, meta: Meta, base: Node, _: Token, exponent: Token) -> Power:
        return Power(base, rational(str(exponent)), span_of(exponent))

    def number(self, meta: Meta, token: Token) -> Number:
        return Number(rational(str(token)), span_of(token))

    def random(self, meta: Meta, lhs: Node, _: Token, grouping: Node) -> Bar:
        return Bar(lhs, grouping, True, span_of(meta))

    def uncorrelated_random(self, meta: Meta, lhs: Node, _: Token, grouping: Node) -> Bar:
        return Bar(lhs, grouping, False, span_of(meta))

    # ---- factors and arithmetic -----------------------------------------------------------
    def variable(self, meta: Meta, token: Token) -> Atom:
        name = str(token)
        if token.type == "BACKQUOTED":
            name = name[1:-1].replace("\\`", "`")
        return Atom(sp.Symbol(name), span_of(token))

    def function(self, meta: Meta, name: Token, argument: Any, *extra: Argument) -> Atom | Offset:
        known = str(name) in ("offset", *_FACTOR_FUNCTIONS) or str(name) in _FUNCTIONS
        if not known:
            hint = _FUNCTION_HINTS.get(str(name), _DEFAULT_FUNCTION_HINT)
            raise self._at(span_of(name), SpecSyntaxError(f"unknown function '{name}'", hint=hint))
        if extra:
            error = SpecSyntaxError(f"{name}() takes one argument", hint=f"write {name}(x)")
            raise self._at(extra[0][2], error)
        expression = self._expression(argument)
        if not expression.free_symbols or expression.has(sp.zoo, sp.oo, sp.nan):
            raise self._at(span_of(meta), SpecMeaningError(
                f"{self._source_text(meta)} is not a function of a variable",
                hint="a term needs at least one data column, e.g. I(x^2)"))
        if str(name) == "offset":
            return Offset(expression, span_of(meta))
        if str(name) in _FACTOR_FUNCTIONS:
            return self._categorical(meta, name, expression)
        return Atom(_FUNCTIONS[str(name)](expression), span_of(meta))

    def _categorical(self, meta: Meta, name: Token, expression: sp.Expr) -> Atom:
        """``factor(x)``: only of a variable, as a model frame cannot name a factor of arithmetic."""
        if not isinstance(expression, sp.Symbol):
            raise self._at(span_of(meta), SpecMeaningError(
                f"{self._source_text(meta)}: {name}() applies to a column, not to an expression",
                hint=f"compute the expression as a data column first, then write {name}(column)"))
        return Atom(categorical(expression.name), span_of(meta))

    def constant(self, meta: Meta, token: Token) -> sp.Expr:
        return rational(str(token))

    def plus(self, meta: Meta, left: Any, right: Any) -> sp.Expr:
        return self._expression(left) + self._expression(right)

    def minus(self, meta: Meta, left: Any, right: Any) -> sp.Expr:
        return self._expression(left) - self._expression(right)

    def times(self, meta: Meta, left: Any, right: Any) -> sp.Expr:
        return self._expression(left) * self._expression(right)

    def divide(self, meta: Meta, left: Any, right: Any) -> sp.Expr:
        return self._expression(left) / self._expression(right)

    def negative(self, meta: Meta, operand: Any) -> sp.Expr:
        return -self._expression(operand)

    def raised(self, meta: Meta, base: Any, _: Token, exponent: Any) -> sp.Expr:
        return sp.Pow(self._expression(base), self._expression(exponent))
