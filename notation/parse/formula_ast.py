"""The syntax tree of an lme4 formula as R's parser builds it: names, numbers, strings and calls.

R parses a formula as any other expression: ``a + b`` is the call ``+(a, b)``, ``(1 | g)`` the
call ``((|(1, g))``. The meaning — term algebra, random-effect bars, arithmetic inside ``I()`` —
is given afterwards (:mod:`notation.parse.expand`, as lme4's ``findbars``/``nobars`` and R's
``terms``), so the tree keeps exactly what was written and :func:`deparse` writes it back as R's
``deparse()`` does (this is how lme4 names terms: ``I(age - 11)``, ``log(Days + 1)``).
Every node keeps the :class:`Span` of its text so that a meaning error points at the exact place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sympy as sp

from notation.errors import NotationError

__all__ = [
    "BINARY",
    "Call",
    "FormulaTree",
    "Node",
    "RCall",
    "RName",
    "RNumber",
    "RString",
    "Span",
    "deparse",
    "format_number",
]


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
class RName:
    """A name: a variable, ``TRUE``, ``.``; ``quoted`` when written in backquotes (```TRUE``` is a
    variable)."""

    name: str
    span: Span
    quoted: bool = False


@dataclass(frozen=True)
class RNumber:
    """A number as written (``0.5``, ``2L``, ``1e5``) and its exact value."""

    text: str
    value: sp.Rational
    span: Span


@dataclass(frozen=True)
class RString:
    """A string constant, with its quotes."""

    text: str
    span: Span


@dataclass(frozen=True)
class RCall:
    """A call: ``function(args)``; operators are calls too (``+``, ``|``, ``(``, unary ``-``).

    ``names`` holds each argument's name (``raw`` in ``poly(x, 2, raw = TRUE)``) or None.
    """

    function: str
    args: tuple[Node, ...]
    names: tuple[str | None, ...]
    span: Span
    # where each argument is written (for errors about lmer()'s arguments); not part of the value
    arg_spans: tuple[Span, ...] = field(default=(), compare=False, repr=False)

    @property
    def positional(self) -> tuple[Node, ...]:
        return tuple(a for a, n in zip(self.args, self.names, strict=True) if n is None)

    def named(self, name: str) -> Node | None:
        for arg, arg_name in zip(self.args, self.names, strict=True):
            if arg_name == name:
                return arg
        return None


Node = RName | RNumber | RString | RCall


@dataclass(frozen=True)
class FormulaTree:
    """``response ~ rhs``; ``tilde`` locates the ``~`` for errors about a missing side."""

    response: Node
    rhs: Node
    tilde: Span


@dataclass(frozen=True)
class Call:
    """The ``lmer(...)`` call a formula was pasted in: its name and named arguments."""

    name: str
    formula: FormulaTree
    arguments: tuple[tuple[str | None, str, Span], ...]
    span: Span


# R's binary operators, with deparse's spacing and precedence (higher binds tighter)
BINARY: dict[str, tuple[str, int]] = {
    "~": (" ~ ", 1), "|": (" | ", 2), "||": (" || ", 2), "+": (" + ", 3), "-": (" - ", 3),
    "*": (" * ", 4), "/": ("/", 4), "%in%": (" %in% ", 5), ":": (":", 6), "^": ("^", 8),
}
_UNARY_PRECEDENCE = 7
# R's reserved words: a variable of that name is written in backquotes
RESERVED = frozenset({"if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
                      "NULL", "Inf", "NaN", "NA", "in", "NA_integer_", "NA_real_", "NA_character_"})
_SYNTACTIC_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._"


def format_number(value: float) -> str:
    """A double as R's ``deparse``/``print`` writes it: 15 significant digits at most, fixed
    notation unless scientific is shorter (``0.5``, ``11``, ``1e+05``, ``1e-04``, ``123456``)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    reference = float(f"{magnitude:.14e}")
    digits = next(d for d in range(1, 16) if float(f"{magnitude:.{d - 1}e}") == reference)
    mantissa, exponent_text = f"{magnitude:.{digits - 1}e}".split("e")
    exponent = int(exponent_text)
    scientific = f"{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    decimals = max(0, digits - 1 - exponent)
    fixed = f"{magnitude:.{decimals}f}"
    return sign + (fixed if len(fixed) <= len(scientific) else scientific)


def _name_text(name: str, quoted: bool = False) -> str:
    syntactic = name[:1].isalpha() or (name[:1] == "." and not name[1:2].isdigit())
    if syntactic and all(c in _SYNTACTIC_CHARS or c.isalnum() for c in name) and not (
            quoted and name in RESERVED):
        return name
    return "`" + name.replace("`", "\\`") + "`"


def deparse(node: Node) -> str:
    """R's ``deparse()`` of the tree: ``I(age - 11)``, ``poly(x, 2, raw = TRUE)``, ``a:b``."""
    return _deparse(node, 0)


def _deparse(node: Node, context: int) -> str:
    if isinstance(node, RName):
        return _name_text(node.name, node.quoted)
    if isinstance(node, RNumber):
        if node.text.endswith("L"):
            return node.text
        body = node.text
        return format_number(float(int(body, 16)) if body.lower().startswith("0x") else float(body))
    if isinstance(node, RString):
        return '"' + node.text[1:-1].replace('"', '\\"') + '"' if node.text[:1] == "'" else node.text
    if node.function == "(":
        return f"({_deparse(node.args[0], 0)})"
    if node.function in BINARY and len(node.args) == 2:
        separator, precedence = BINARY[node.function]
        # left-associative, except ^; a left spine (a + b + c + ...) is walked without recursion
        spine: list[Node] = []
        current: Node = node
        while (isinstance(current, RCall) and current.function == node.function and len(current.args) == 2
               and node.function != "^"):
            spine.append(current.args[1])
            current = current.args[0]
        if node.function == "^":
            left = _deparse(node.args[0], precedence + 1)
            text = left + separator + _deparse(node.args[1], _UNARY_PRECEDENCE)  # x^-1, as R
        else:
            parts = [_deparse(current, precedence)] + [_deparse(r, precedence + 1) for r in reversed(spine)]
            text = separator.join(parts)
        return f"({text})" if precedence < context else text
    if node.function in ("-", "+") and len(node.args) == 1:
        text = node.function + _deparse(node.args[0], _UNARY_PRECEDENCE)
        return f"({text})" if context > _UNARY_PRECEDENCE else text
    arguments = ", ".join(_deparse(a, 0) if n is None else f"{_name_text(n)} = {_deparse(a, 0)}"
                          for a, n in zip(node.args, node.names, strict=True))
    return f"{node.function}({arguments})"
