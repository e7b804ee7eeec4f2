"""Statement tokens → SymPy: equations, continuations and distribution statements.

Contract: :func:`read_statement` parses one :class:`~notation.parse.equations.scanning.Statement`
with ``grammars/equations.lark`` (LALR, built once) and returns a :class:`Equation`,
:class:`Continuation` or :class:`Distribution` whose expressions are SymPy objects built
directly (``Symbol``, ``Add``, ``Mul``, ``Pow`` and the functions ``log``, ``exp``, ``sqrt``,
``Abs``); user text never reaches ``sympify``. Each statement's ``order`` lists its symbols as
written, since SymPy sorts the terms of a sum. Syntax errors become
:class:`~notation.errors.SpecSyntaxError` with the line and column of the offending token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import sympy as sp
from lark import Lark, Token, Transformer, v_args
from lark.common import LexerConf
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError
from lark.lexer import Lexer

from notation.errors import SpecMeaningError, SpecSyntaxError
from notation.parse.arithmetic import FUNCTIONS, rational
from notation.parse.equations.scanning import Statement
from notation.parse.grammar_files import grammar_path

__all__ = [
    "Continuation", "Distribution", "Equation", "MatrixDefinition", "Moment", "ParsedStatement",
    "read_statement",
]


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs``; ``token`` is the left-hand side as written (for its position)."""

    lhs: sp.Symbol
    rhs: sp.Expr
    token: Token
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatrixDefinition:
    """``G = [...]``: a name for a matrix (seed 000 writes ψ as G beside ``u ~ N(0, G)``)."""

    name: sp.Symbol
    matrix: sp.MatrixBase
    token: Token
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Moment:
    """``Var(u_0j) = tau_00`` or ``Cov(u_0j, u_1j) = tau_01``: one entry of a covariance matrix."""

    variables: tuple[sp.Symbol, ...]
    value: sp.Expr
    token: Token
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Continuation:
    """``= rhs`` on its own line: another right-hand side for the equation above."""

    rhs: sp.Expr
    token: Token
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Distribution:
    """``(u_0j, u_1j) ~ N(mean, covariance)``."""

    variables: tuple[sp.Symbol, ...]
    mean: tuple[sp.Expr, ...]
    covariance: sp.Expr | sp.MatrixBase
    token: Token
    order: tuple[str, ...] = ()


ParsedStatement = Equation | Continuation | Distribution | MatrixDefinition | Moment

_MOMENTS = {"Var": 1, "var": 1, "Cov": 2, "cov": 2}

_FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {**FUNCTIONS, "ln": sp.log}
_HINTS = {
    "_EQUAL": "an equation reads `Y_ij = beta_0j + beta_1j*X_ij + e_ij`",
    "_TILDE": "a distribution reads `u_0j ~ N(0, tau_00)` or `(u_0j, u_1j) ~ N(0, T)`",
    "_RPAR": "check that every ( has its )",
    "_COLON": "index lines read `j: school`; labels read `L1 :` or `Level 2:` before an equation",
    "_PERIOD": "a period may only end a statement",
}


class _TokenList(Lexer):
    """Lark's lexer slot, fed with tokens the scanner already made."""

    def __init__(self, lexer_conf: LexerConf) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from data


@cache
def _parser() -> Lark:
    return Lark(grammar_path("equations.lark").read_text(encoding="utf-8"), parser="lalr",
                lexer=_TokenList, strict=True, propagate_positions=True, cache=True)


def read_statement(statement: Statement, text: str) -> ParsedStatement:
    """Parse one statement of ``text`` (the whole spec, for error messages)."""
    try:
        tree = _parser().parse(list(statement.tokens))
        result: ParsedStatement = _ToSympy().transform(tree)
    except UnexpectedToken as exc:
        raise _syntax_error(exc.token, statement, text) from None
    except UnexpectedInput as exc:
        raise _ends_early(statement, text) from exc
    except VisitError as exc:
        if isinstance(exc.orig_exc, SpecMeaningError | SpecSyntaxError):
            raise exc.orig_exc.at(text, statement.tokens[0].line or 1,
                                  statement.tokens[0].column or 1) from None
        raise
    # SymPy sorts sums; the symbols in written order let the reader keep the user's term order
    return replace(result, order=tuple(str(t) for t in statement.tokens if t.type == "SYMBOL"))


def _ends_early(statement: Statement, text: str) -> SpecSyntaxError:
    """The error at the end of a statement that stops before it is complete."""
    last = statement.tokens[-1]
    return SpecSyntaxError("the statement ends too early", hint="complete the equation", text=text,
                           line=last.end_line or last.line or 1, column=last.end_column or last.column or 1)


def _syntax_error(token: Token, statement: Statement, text: str) -> SpecSyntaxError:
    if token.type == "$END":
        return _ends_early(statement, text)
    shown = token.value if token.type not in ("_ROWSEP", "_MATBEGIN", "_MATEND") else token.type[1:]
    return SpecSyntaxError(f"unexpected {shown!r}",
                           hint=_HINTS.get(token.type, "check the operators around this point"),
                           text=text, line=token.line or 1, column=token.column or 1,
                           width=len(str(token.value)))


@v_args(inline=True)
class _ToSympy(Transformer[Token, Any]):
    """One method per grammar rule; builds SymPy objects directly."""

    def start(self, statement: ParsedStatement) -> ParsedStatement:
        return statement

    def equation(self, lhs: Token, rhs: sp.Expr) -> Equation:
        return Equation(sp.Symbol(str(lhs)), rhs, lhs)

    def moment(self, name: Token, *rest: Any) -> Moment:
        *variables, value = rest
        if _MOMENTS.get(str(name)) != len(variables):
            raise SpecSyntaxError(f"{name}(...) = ... is not a statement the equations know",
                                  hint="write Var(u_0j) = tau_00 or Cov(u_0j, u_1j) = tau_01, or a "
                                       "distribution u_0j ~ N(0, tau_00)")
        return Moment(tuple(sp.Symbol(str(v)) for v in variables), value, name)

    def matrix_definition(self, lhs: Token, matrix: sp.MatrixBase) -> MatrixDefinition:
        return MatrixDefinition(sp.Symbol(str(lhs)), matrix, lhs)

    @v_args(meta=True)
    def continuation(self, meta: Any, children: list[sp.Expr]) -> Continuation:
        return Continuation(children[0], Token("_EQUAL", "=", line=meta.line, column=meta.column))

    def distribution(self, variables: tuple[sp.Symbol, ...], family: Token,
                     body: tuple[sp.Expr | sp.MatrixBase, ...]) -> Distribution:
        mean, covariance = body[0], body[-1]
        if len(body) != 2:
            raise SpecMeaningError(f"{family} needs a mean and a (co)variance",
                                   hint="write e.g. u_0j ~ N(0, tau_00)")
        means = tuple(mean) if isinstance(mean, sp.MatrixBase) else (mean,)
        if len(means) not in (1, len(variables)):
            raise SpecMeaningError(f"{len(variables)} variables but {len(means)} means",
                                   hint="give one mean per variable, or one for all (0)")
        return Distribution(variables, means, covariance, family)

    def one_variable(self, name: Token) -> tuple[sp.Symbol, ...]:
        return (sp.Symbol(str(name)),)

    def variables(self, *names: Token) -> tuple[sp.Symbol, ...]:
        return tuple(sp.Symbol(str(n)) for n in names)

    def variable_vector(self, vector: sp.MatrixBase) -> tuple[sp.Symbol, ...]:
        entries = tuple(vector)
        if not all(isinstance(e, sp.Symbol) for e in entries):
            raise SpecMeaningError("a distribution's left side lists random effects",
                                   hint="write e.g. (u_0j, u_1j) ~ N(0, T)")
        return entries

    def dist_body(self, *args: sp.Expr | sp.MatrixBase) -> tuple[sp.Expr | sp.MatrixBase, ...]:
        return args

    def mean_vector(self, *entries: sp.Expr) -> sp.MatrixBase:
        return sp.ImmutableMatrix(entries)

    def matrix(self, *rows: list[sp.Expr | None]) -> sp.MatrixBase:
        width = max(len(r) for r in rows)
        cells = [list(r) + [None] * (width - len(r)) for r in rows]
        # a symmetric matrix is often printed as one triangle: fill the blanks by symmetry
        filled = [[c if c is not None else _mirror(cells, i, k) for k, c in enumerate(row)]
                  for i, row in enumerate(cells)]
        return sp.ImmutableMatrix(filled)

    def row(self, *cells: sp.Expr | None) -> list[sp.Expr | None]:
        return list(cells)

    def cell(self, value: sp.Expr) -> sp.Expr:
        return value

    def empty_cell(self) -> None:
        return None

    def add(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Add(a, b)

    def subtract(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Add(a, sp.Mul(sp.S.NegativeOne, b))

    def negate(self, a: sp.Expr) -> sp.Expr:
        return sp.Mul(sp.S.NegativeOne, a)

    def multiply(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Mul(a, b)

    def divide(self, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return sp.Mul(a, sp.Pow(b, sp.S.NegativeOne))

    def fraction(self, _frac: Token, a: sp.Expr, b: sp.Expr) -> sp.Expr:
        return self.divide(a, b)

    def power(self, base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
        return sp.Pow(base, exponent)

    def symbol(self, name: Token) -> sp.Symbol:
        return sp.Symbol(str(name))

    def number(self, digits: Token) -> sp.Expr:
        return rational(str(digits))

    def function(self, name: Token, *args: sp.Expr) -> sp.Expr:
        if str(name) == "diag":
            return sp.ImmutableMatrix(sp.diag(*args))
        if len(args) != 1:
            raise SpecMeaningError(f"{name} takes one argument", hint=f"write {name}(x)")
        return _FUNCTIONS[str(name)](args[0])


def _mirror(cells: list[list[sp.Expr | None]], i: int, k: int) -> sp.Expr:
    other = cells[k][i] if k < len(cells) and i < len(cells[k]) else None
    return other if other is not None else sp.S.Zero
