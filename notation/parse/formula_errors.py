"""Lark's parse failures on a formula → :class:`~notation.errors.SpecSyntaxError` a person can act on.

Contract: :func:`syntax_error` turns ``UnexpectedCharacters``, ``UnexpectedToken`` and
``UnexpectedEOF`` into an error with the 1-based line and column of the problem and a hint
chosen from what went wrong: an unbalanced parenthesis (pointing at the unmatched one), ``|``
outside parentheses, an empty grouping factor, a dangling operator, a missing ``~``, or text
after the end of the formula.
"""

from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from notation.errors import SpecSyntaxError

__all__ = ["syntax_error"]

_OPERATOR_BEFORE = re.compile(r"(%in%|\*\*|::|[-+*/:^~|,=])$")
# Backquoted names, strings and comments may hold parentheses that are not syntax.
_OPAQUE = re.compile(r"`(?:[^`\\\n]|\\.)*`|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_WHAT_A_FORMULA_IS = "a formula is response ~ terms, e.g. y ~ x + (1 + x | g)"


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _error(text: str, offset: int, message: str, hint: str, width: int = 1) -> SpecSyntaxError:
    line, column = _position(text, offset)
    error = SpecSyntaxError(message, hint=hint)
    error.at(text, line, column, width)
    return error


def _unmatched_parenthesis(text: str) -> tuple[int, str] | None:
    """Offset and kind of the first ')' without '(' or else the last '(' never closed."""
    plain = _OPAQUE.sub(lambda m: " " * len(m.group()), text)
    opened: list[int] = []
    for offset, char in enumerate(plain):
        if char == "(":
            opened.append(offset)
        elif char == ")":
            if not opened:
                return offset, ")"
            opened.pop()
    return (opened[-1], "(") if opened else None


def _parenthesis_error(text: str) -> SpecSyntaxError | None:
    unmatched = _unmatched_parenthesis(text)
    if unmatched is None:
        return None
    offset, kind = unmatched
    if kind == ")":
        return _error(text, offset, "unbalanced parentheses: this ')' has no '('",
                      "remove it, or add the '(' it closes")
    return _error(text, offset, "unbalanced parentheses: this '(' is never closed",
                  "add the ')' that closes it")


def _unexpected_character(exc: UnexpectedCharacters, text: str) -> SpecSyntaxError:
    offset = exc.pos_in_stream or 0
    char = text[offset]
    if char in "'\"":
        hint = "strings have no place in a formula; write a name with spaces in backquotes: `my var`"
    elif char == "_" or char.isdigit():
        hint = "names start with a letter or a dot; write other names in backquotes: `_x`"
    else:
        hint = f"'{char}' is not part of the formula language; {_WHAT_A_FORMULA_IS}"
    return _error(text, offset, f"unexpected character '{char}'", hint)


def _unexpected_end(exc: UnexpectedInput, text: str) -> SpecSyntaxError:
    body = text.rstrip()
    operator = _OPERATOR_BEFORE.search(body)
    expected: set[str] = set(getattr(exc, "expected", None) or ())
    if operator and operator.group() != "|":
        start = operator.start()
        return _error(text, start, f"dangling operator: '{operator.group()}' needs a term after it",
                      "add a term after it, or remove it", len(operator.group()))
    if operator:
        return _error(text, operator.start(), "a random-effect term needs a grouping factor after '|'",
                      "write e.g. (1 | g)")
    if "TILDE" in expected:
        return _error(text, len(body), "the formula has no '~'", _WHAT_A_FORMULA_IS)
    return _error(text, len(body), "the formula ends too early", _WHAT_A_FORMULA_IS)


def _unexpected_token(exc: UnexpectedToken, text: str) -> SpecSyntaxError:
    token = exc.token
    offset = token.start_pos or 0
    shown = str(token)
    before = text[:offset].rstrip()
    operator = _OPERATOR_BEFORE.search(before)
    if token.type == "STRING":
        return _error(text, offset, "unexpected string", "strings have no place in a formula; write a name "
                      "with spaces in backquotes: `my var`", len(shown))
    if token.type in ("BAR", "DOUBLE_BAR"):
        if before.endswith("("):
            return _error(text, offset, f"nothing before '{shown}'",
                          "write the random effects first: (1 | g), (1 + x | g)", len(shown))
        return _error(text, offset, f"'{shown}' outside a random-effect term",
                      "a random-effect term goes in parentheses: y ~ x + (1 + x | g)", len(shown))
    if token.type == "RPAR" and before.endswith(("|", "||")):
        return _error(text, offset, "empty grouping factor",
                      "a random-effect term needs a grouping factor after '|', e.g. (1 | g)")
    if token.type == "TILDE":
        message = "a formula has exactly one '~'" if "~" in before else f"unexpected '{shown}'"
        return _error(text, offset, message, _WHAT_A_FORMULA_IS, len(shown))
    if operator:
        return _error(text, offset, f"'{shown}' cannot follow '{operator.group()}'",
                      "write a term (a name, a number, or a parenthesised expression) between operators",
                      len(shown))
    if "TILDE" in exc.expected and "~" not in before:
        return _error(text, offset, f"missing '~' before '{shown}'", _WHAT_A_FORMULA_IS, len(shown))
    return _error(text, offset, f"unexpected '{shown}' after '{before.split()[-1][-20:]}'",
                  "join terms with an operator (+ * : /), or remove the extra text", len(shown))


def syntax_error(exc: UnexpectedInput, text: str) -> SpecSyntaxError:
    """The :class:`SpecSyntaxError` for a Lark failure on ``text``."""
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, text)
    parenthesis = _parenthesis_error(text)
    if parenthesis is not None:
        return parenthesis
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        return _unexpected_token(exc, text)
    return _unexpected_end(exc, text)
