"""Reading R code: find the model call, split its arguments, read formulas with lme4's reader.

R code is tokenized (strings, backquoted names, comments), never evaluated. The model call is the first
call of one of the given functions (``fit <- lme4::lmer(...)`` included; ``library(...)`` lines before it
are skipped); its arguments are split at the top-level commas. A formula argument is read by
:func:`notation.parse.parse_formula`, and an error in it points into the whole code, not the fragment.
"""

from __future__ import annotations

from dataclasses import dataclass

from notation.dialects.tokens import Token, tokenize
from notation.errors import NotationError, SpecMeaningError
from notation.ir import Model

__all__ = [
    "RArgument",
    "RCall",
    "find_call",
    "formula_at",
    "r_logical",
    "r_string",
    "refuse_arguments",
    "sub_call",
]

_OPEN = {"(": ")", "[": "]", "{": "}"}


@dataclass(frozen=True)
class RArgument:
    name: str | None
    tokens: tuple[Token, ...]
    start: int  # offsets of the value's text in the code
    end: int

    def text(self, code: str) -> str:
        return code[self.start : self.end]


@dataclass(frozen=True)
class RCall:
    name: str
    token: Token
    arguments: tuple[RArgument, ...]

    def argument(self, name: str, position: int | None = None) -> RArgument | None:
        """The argument given by ``name``, or else the ``position``-th unnamed one (0-based)."""
        for argument in self.arguments:
            if argument.name == name:
                return argument
        if position is not None:
            unnamed = [a for a in self.arguments if a.name is None]
            if position < len(unnamed):
                return unnamed[position]
        return None


def find_call(code: str, names: tuple[str, ...], program: str) -> RCall:
    """The first call of one of ``names`` in ``code`` (``pkg::name`` accepted)."""
    tokens = tokenize(code, "r")
    for i, token in enumerate(tokens):
        if token.kind != "name" or token.value not in names:
            continue
        if i + 1 >= len(tokens) or tokens[i + 1].value != "(":
            continue
        return RCall(token.value, token, tuple(_arguments(tokens, i + 1, code, program)))
    raise SpecMeaningError(f"no {' or '.join(n + '()' for n in names)} call found in the {program} code")


def _arguments(tokens: list[Token], open_at: int, code: str, program: str) -> list[RArgument]:
    depth, i = 0, open_at
    current: list[Token] = []
    out: list[RArgument] = []
    while i < len(tokens):
        token = tokens[i]
        if token.value in _OPEN:
            depth += 1
            if depth == 1:
                i += 1
                continue
        elif token.value in _OPEN.values():
            depth -= 1
            if depth == 0:
                if current:
                    out.append(_argument(current))
                return out
        if depth == 1 and token.value == ",":
            if not current:
                raise token.error("an empty argument", code)
            out.append(_argument(current))
            current = []
        else:
            current.append(token)
        i += 1
    raise tokens[open_at].error(f"the {program} call is not closed: a ')' is missing", code)


def _argument(tokens: list[Token]) -> RArgument:
    name = None
    if len(tokens) > 2 and tokens[0].kind in ("name", "backquoted", "string") and tokens[1].value == "=":
        name, tokens = tokens[0].value.strip("`'\""), tokens[2:]
    last = tokens[-1]
    return RArgument(name, tuple(tokens), tokens[0].offset, last.offset + len(last.value))


def sub_call(code: str, argument: RArgument, program: str) -> RCall | None:
    """The call an argument's value is (``list(a = ~1)``, ``pdDiag(~ x)``), offsets in ``code``; else None."""
    tokens = [t for t in tokenize(code, "r") if argument.start <= t.offset < argument.end]
    if len(tokens) < 3 or tokens[0].kind != "name" or tokens[1].value != "(" or tokens[-1].value != ")":
        return None
    return RCall(tokens[0].value, tokens[0], tuple(_arguments(tokens, 1, code, program)))


def formula_at(code: str, argument: RArgument, prefix: str = "", suffix: str = "", skip: int = 0) -> Model:
    """The model of ``prefix + text + suffix`` (the argument's text without its first ``skip`` characters),
    errors located in ``code``."""
    from notation.parse.formula import parse_formula

    fragment = argument.text(code)[skip:]
    argument = RArgument(argument.name, argument.tokens, argument.start + skip, argument.end)
    try:
        return parse_formula(prefix + fragment + suffix)
    except NotationError as error:
        if error.line is not None and error.column is not None:
            line = code.count("\n", 0, argument.start) + error.line
            start_column = argument.start - (code.rfind("\n", 0, argument.start) + 1)
            column = error.column - (len(prefix) if error.line == 1 else 0)
            column = column + start_column if error.line == 1 else column
            error.line = None
            error.at(code, line, max(1, column), error.width)
        raise


def r_logical(code: str, argument: RArgument) -> bool:
    value = argument.text(code)
    if value in ("TRUE", "T"):
        return True
    if value in ("FALSE", "F"):
        return False
    raise argument.tokens[0].error(f"expected TRUE or FALSE, found {value}", code)


def r_string(code: str, argument: RArgument) -> str:
    if len(argument.tokens) != 1 or argument.tokens[0].kind != "string":
        raise argument.tokens[0].error("expected a string", code)
    return argument.tokens[0].value[1:-1]


def refuse_arguments(code: str, call: RCall, allowed: tuple[str, ...], positional: int) -> None:
    """Refuse arguments that would change the model and are not read (weights, subset, ...)."""
    unnamed = 0
    for argument in call.arguments:
        if argument.name is None:
            unnamed += 1
            if unnamed <= positional:
                continue
            raise argument.tokens[0].error(
                "only the leading arguments may be given by position", code, hint="name the argument"
            )
        if argument.name not in allowed:
            error = SpecMeaningError(
                f"the {call.name}() argument '{argument.name}' is not read",
                hint=f"remove {argument.name} = ...; it may change the model",
            )
            raise error.at(code, argument.tokens[0].line, argument.tokens[0].column)
