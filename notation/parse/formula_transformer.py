"""Lark parse tree of ``grammars/formula.lark`` → R's syntax tree (:mod:`~notation.parse.formula_ast`).

Contract: one method per grammar rule, building names, numbers, strings and calls exactly as
written — operators become calls (``+``, ``|``, ``(``), nothing is simplified, evaluated or
interpreted here: the meaning is :mod:`notation.parse.expand`'s. The walk is not recursive, so a
formula of thousands of terms does not exhaust Python's stack. The top of the tree is a
:class:`FormulaTree` (``response ~ rhs``) or a :class:`Call` (``lmer(formula, data = d)``).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from lark import Token
from lark.tree import Meta
from lark.visitors import Transformer_NonRecursive, v_args

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.parse.arithmetic import rational
from notation.parse.formula_ast import Call, FormulaTree, Node, RCall, RName, RNumber, RString, Span

__all__ = ["FormulaTransformer", "span_of"]

Argument = tuple[str | None, Any, Span]
# the largest number of characters of a number's digits read exactly (a 5000-digit exponent is not)
_NUMBER_DIGITS = 400
_EXPONENT = 400


def span_of(item: Meta | Token) -> Span:
    """The span of a token or of a tree's text, for carets."""
    if isinstance(item, Token):
        return Span(item.line or 1, item.column or 1, len(item))
    same_line = item.end_line == item.line
    return Span(item.line, item.column, item.end_column - item.column if same_line else 1)


@v_args(inline=True, meta=True)
class FormulaTransformer(Transformer_NonRecursive):
    """Builds the syntax tree; ``text`` is the spec, for the source text of lmer() arguments."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def _at(self, span: Span, error: NotationError) -> NotationError:
        return span.locate(error, self._text)

    # ---- the formula and the call it may come in ------------------------------------------
    def start(self, meta: Meta, source: Any) -> FormulaTree | Call:
        if isinstance(source, FormulaTree):
            return source
        if isinstance(source, RCall) and source.function not in _OPERATORS:
            return self._model_call(source)
        body = self._text.rstrip()
        line = body.count("\n") + 1
        column = len(body) - (body.rfind("\n") + 1) + 1
        raise self._at(Span(line, column), SpecSyntaxError(
            "the formula has no '~'", hint="a formula is response ~ terms, e.g. y ~ x + (1 + x | g)"))

    def assignment(self, meta: Meta, _: Token, source: Any) -> Any:
        return source

    def formula(self, meta: Meta, response: Node | None, tilde: Token, rhs: Node | None) -> FormulaTree:
        where = span_of(tilde)
        if response is None:
            raise self._at(where, SpecSyntaxError(
                "the formula has no response left of '~'",
                hint="write the outcome first, e.g. y ~ x + (1 | g)"))
        if rhs is None:
            raise self._at(Span(where.line, where.column + where.width), SpecSyntaxError(
                "the formula has nothing right of '~'",
                hint="write the terms, e.g. y ~ x + (1 | g); y ~ 1 fits only an intercept"))
        return FormulaTree(response, rhs, where)

    def _model_call(self, call: RCall) -> Call:
        """``lmer(formula, ...)``: the formula and the other arguments' text, for formula.py to judge."""
        formula = call.args[0] if call.args else None
        if not isinstance(formula, FormulaTree) or call.names[0] not in (None, "formula"):
            if formula is not None and call.names[0] is not None and isinstance(formula, FormulaTree):
                raise self._at(call.arg_spans[0], SpecSyntaxError(
                    f"the formula is passed as {call.names[0]} =; it must be the first argument or formula =",
                    hint="write lmer(y ~ x + (1 | g), data = d)"))
            raise self._at(call.span, SpecMeaningError(
                f"{call.function}() has no formula as its first argument",
                hint="paste the formula, or a call lmer(formula, data = d)"))
        arguments = tuple((name, self._source_text_of(value), span)
                          for value, name, span in zip(call.args[1:], call.names[1:], call.arg_spans[1:],
                                                       strict=True))
        return Call(call.function, formula, arguments, Span(call.span.line, call.span.column,
                                                            len(call.function)))

    def _source_text_of(self, node: Any) -> str:
        span = getattr(node, "span", None) if not isinstance(node, FormulaTree) else node.tilde
        if span is None:
            return ""
        line = self._text.splitlines()[span.line - 1]
        return line[span.column - 1:span.column - 1 + span.width]

    # ---- calls ----------------------------------------------------------------------------
    def arguments(self, meta: Meta, *arguments: Argument) -> tuple[Argument, ...]:
        return arguments

    def named_argument(self, meta: Meta, name: Token, value: Any) -> Argument:
        return (str(name), value, span_of(meta))

    def positional_argument(self, meta: Meta, value: Any) -> Argument:
        return (None, value, span_of(meta))

    def call(self, meta: Meta, name: Token, arguments: tuple[Argument, ...] | None) -> RCall:
        return self._call(str(name), arguments or (), span_of(meta))

    def namespaced_call(self, meta: Meta, package: Token, name: Token,
                        arguments: tuple[Argument, ...] | None) -> RCall:
        return self._call(f"{package}::{name}", arguments or (), span_of(meta))

    def _call(self, function: str, arguments: tuple[Argument, ...], span: Span) -> RCall:
        for _, value, where in arguments:
            if isinstance(value, FormulaTree) and function not in _MODEL_CALLS:
                raise self._at(where, SpecSyntaxError(
                    f"a formula inside {function}() is not part of a model formula",
                    hint="a formula has exactly one '~'"))
        return RCall(function, tuple(v for _, v, _ in arguments), tuple(n for n, _, _ in arguments), span,
                     tuple(s for _, _, s in arguments))

    # ---- operators ------------------------------------------------------------------------
    def _binary(self, function: str, meta: Meta, left: Node, right: Node) -> RCall:
        self._no_formula(left, right)
        return RCall(function, (left, right), (None, None), span_of(meta))

    def _no_formula(self, *nodes: Any) -> None:
        for node in nodes:
            if isinstance(node, FormulaTree):
                raise self._at(node.tilde, SpecSyntaxError("a formula has exactly one '~'",
                               hint="a formula is response ~ terms, e.g. y ~ x + (1 + x | g)"))

    def bar(self, meta: Meta, left: Node, _: Token, right: Node) -> RCall:
        return self._binary("|", meta, left, right)

    def double_bar(self, meta: Meta, left: Node, _: Token, right: Node) -> RCall:
        return self._binary("||", meta, left, right)

    def add(self, meta: Meta, left: Node, right: Node) -> RCall:
        return self._binary("+", meta, left, right)

    def subtract(self, meta: Meta, left: Node, right: Node) -> RCall:
        return self._binary("-", meta, left, right)

    def multiply(self, meta: Meta, left: Node, right: Node) -> RCall:
        return self._binary("*", meta, left, right)

    def divide(self, meta: Meta, left: Node, right: Node) -> RCall:
        return self._binary("/", meta, left, right)

    def colon(self, meta: Meta, left: Node, right: Node) -> RCall:
        return self._binary(":", meta, left, right)

    def power(self, meta: Meta, left: Node, _: Token, right: Node) -> RCall:
        return self._binary("^", meta, left, right)

    def negate(self, meta: Meta, operand: Node) -> RCall:
        self._no_formula(operand)
        return RCall("-", (operand,), (None,), span_of(meta))

    def unary_plus(self, meta: Meta, operand: Node) -> RCall:
        self._no_formula(operand)
        return RCall("+", (operand,), (None,), span_of(meta))

    def parenthesis(self, meta: Meta, inner: Node) -> RCall:
        return RCall("(", (inner,), (None,), span_of(meta))

    def __default__(self, data: Any, children: Any, meta: Meta) -> Any:
        # "%in%" is a keyword rule name Python cannot use as a method
        if data == "in":
            return self._binary("%in%", meta, children[0], children[1])
        return super().__default__(data, children, meta)

    # ---- atoms ----------------------------------------------------------------------------
    def name(self, meta: Meta, token: Token) -> RName:
        text = str(token)
        if token.type == "BACKQUOTED":
            return RName(text[1:-1].replace("\\`", "`"), span_of(token), quoted=True)
        return RName(text, span_of(token))

    def number(self, meta: Meta, token: Token) -> RNumber:
        text = str(token)
        if len(text) > _NUMBER_DIGITS:
            raise self._at(span_of(token), SpecMeaningError(
                f"the number is {len(text)} characters long; notation reads numbers of up to "
                f"{_NUMBER_DIGITS}", hint="write it in scientific notation, e.g. 1e300"))
        body = text[:-1] if text.endswith("L") else text
        if body.lower().startswith("0x"):
            return RNumber(text, sp.Integer(int(body, 16)), span_of(token))
        mantissa, _, exponent = body.lower().partition("e")
        if exponent and abs(int(exponent)) > _EXPONENT and float(mantissa) != 0:
            # beyond a double's range R reads Inf or 0; exactly, 10^5000 would cost for nothing
            return RNumber(text, sp.oo if int(exponent) > 0 else sp.Integer(0), span_of(token))
        return RNumber(text, rational(body), span_of(token))

    def string(self, meta: Meta, token: Token) -> RString:
        return RString(str(token), span_of(token))


_OPERATORS = ("~", "|", "||", "+", "-", "*", "/", "%in%", ":", "^", "(")
_MODEL_CALLS = ("lmer", "lme4::lmer", "lmerTest::lmer", "lm", "stats::lm", "glmer", "lme4::glmer",
                "glmmTMB", "glmmTMB::glmmTMB", "lme", "nlme::lme")
