"""Shared pieces of the statement languages (SAS, Stata, SPSS): a token cursor and term building.

These programs name predictors by variable only: a model term is a product of variables, and a
variable is categorical when the code says so (SAS/SPSS ``CLASS``/``BY``, Stata ``i.``). A term the
IR holds as ``factor(x)`` is therefore written as ``x`` plus the declaration, and read back as
``factor(x)``; a plain variable stays plain, so a round trip keeps the model.
"""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp

from notation.dialects.base import factor_kind, refuse
from notation.dialects.tokens import Token
from notation.errors import SpecSyntaxError
from notation.ir import Model, Term, categorical

__all__ = ["Cursor", "categorical_columns", "numeric_variables", "plain_factors", "term_of"]


class Cursor:
    """A position in a token list, with the helpers a hand-written reader needs."""

    def __init__(self, tokens: list[Token], text: str, program: str) -> None:
        self.tokens, self.text, self.program, self.i = tokens, text, program, 0

    def peek(self, ahead: int = 0) -> Token | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def next(self, what: str = "more code") -> Token:
        token = self.peek()
        if token is None:
            error = SpecSyntaxError(f"the {self.program} code ends where {what} was expected")
            last = self.tokens[-1] if self.tokens else None
            if last is not None:
                error.at(self.text, last.line, last.column + len(last.value))
            raise error
        self.i += 1
        return token

    def at(self, *values: str) -> bool:
        token = self.peek()
        return token is not None and token.lower in values

    def accept(self, *values: str) -> Token | None:
        if self.at(*values):
            return self.next()
        return None

    def expect(self, value: str, what: str | None = None) -> Token:
        token = self.next(what or f"'{value}'")
        if token.lower != value:
            raise token.error(f"expected '{value}' here, found '{token.value}'", self.text)
        return token

    def name(self, what: str = "a variable name") -> Token:
        token = self.next(what)
        if token.kind != "name":
            raise token.error(f"expected {what}, found '{token.value}'", self.text)
        return token


def term_of(names: Iterable[str], categorical_names: set[str]) -> Term:
    """The term of a product of variables, ``factor(x)`` for the categorical ones."""
    return Term(tuple(categorical(n) if n in categorical_names else sp.Symbol(n) for n in names))


def plain_factors(term: Term, program: str) -> list[str]:
    """The variables of a term, refusing expressions (``I(x^2)``) the program's syntax cannot hold."""
    names: list[str] = []
    for factor in term.factors:
        kind, value = factor_kind(factor)
        if kind == "expression":
            raise refuse(
                program,
                f"the expression {term.label} as a predictor",
                hint="compute it as a column of the data first and use that column",
            )
        names.append(str(value))
    return names


def categorical_columns(model: Model) -> list[str]:
    """The columns the model codes as factors (``factor(x)``), in order of appearance."""
    return _columns_of_kind(model, "categorical")


def numeric_variables(model: Model) -> list[str]:
    """Predictors written as plain variables: numeric for these programs unless declared categorical."""
    return _columns_of_kind(model, "variable")


def _columns_of_kind(model: Model, kind: str) -> list[str]:
    """The columns whose factors are of ``kind`` (see ``factor_kind``), fixed part first, in order."""
    out: list[str] = []
    for term in list(model.fixed) + [t for b in model.random for t in b.terms]:
        for factor in term.factors:
            found, value = factor_kind(factor)
            if found == kind and value not in out:
                out.append(str(value))
    return out
