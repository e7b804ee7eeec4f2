"""Coefficients that vary over several groupings, as equatiomatic prints them, → one coefficient per grouping.

Contract: :func:`read_groupings` rewrites parsed statements before they are reduced:

- a coefficient of several groupings, ``\\alpha_{j[i],k[i]}`` or ``\\beta_{1j[i],k[i]}(x)`` (lme4's
  ``(1 + x | g) + (1 + x | h)``: equatiomatic writes nested and crossed groupings alike), is the sum of
  one coefficient per grouping, ``alpha_j[i] + alpha_k[i]``, each with the distribution line of its
  grouping (``alpha_j ~ N(...)``, ``alpha_k ~ N(...)``);
- such a coefficient has one mean, which equatiomatic spreads over its lines: each grouping's line
  gives the predictors of that level (``\\gamma_{0}^{\\alpha} + \\gamma_{1}^{\\alpha}(treatment)``) or
  only ``\\mu_{\\alpha_{k}}``, which stands for the mean without naming it. The mean is read once:
  the distinct terms of all lines, the stand-ins dropped where a line names the intercept (else the
  first kept), given to the first grouping's coefficient (the others vary around 0);
- an effect a vector of effects lists as ``\\gamma_{1k}`` is the ``\\gamma_{1k[i]}^{\\alpha}`` that a
  mean uses (equatiomatic leaves the superscript off in the vector), and ``\\beta_{1j}`` the
  ``\\beta_{1}`` of level 1 when nothing else could be (equatiomatic leaves the bracket off a
  transformed predictor's coefficient), provided exactly one symbol fits;
- one coefficient written on two terms of a mean (``\\gamma_{1}(a) + \\gamma_{1}(b)``) is refused: a
  numbering slip, which does not say which coefficient each term has.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import NoReturn

import sympy as sp
from lark import Token

from notation.ir import Name
from notation.ir.symbols import line_coefficient, pointer_free, several_groupings
from notation.parse.equations.commands import GREEK
from notation.parse.equations.statements import Continuation, Distribution, Equation, ParsedStatement

__all__ = ["read_groupings"]

Locate = Callable[[Token, str, str], NoReturn]


def read_groupings(statements: list[ParsedStatement], locate: Locate) -> list[ParsedStatement]:
    """See the module docstring; ``locate(token, message, hint)`` raises at ``token``."""
    _refuse_repeated_coefficients(statements, locate)
    statements, families = _split(statements)
    statements = _match_listed(statements)
    for family in families:
        statements = _one_mean(statements, family, locate)
    return statements


def _refuse_repeated_coefficients(statements: list[ParsedStatement], locate: Locate) -> None:
    """One coefficient written on two terms of a mean (``\\gamma^{\\beta_{1}}_{1}(a) +
    \\gamma^{\\beta_{1}}_{1}(a \\times b)``, as one of equatiomatic's snapshots prints a cross-level
    interaction) is a numbering slip, not a constraint that both terms share it: which coefficient each
    term has is not said."""
    for statement in statements:
        if not isinstance(statement, Distribution):
            continue
        for mean in statement.mean:
            seen: dict[sp.Symbol, sp.Expr] = {}
            for term in sp.Add.make_args(mean):
                for symbol in (s for s in term.free_symbols if isinstance(s, sp.Symbol)
                               and Name.of(s).plain_base in GREEK and term != s):
                    if symbol in seen and seen[symbol] != term:
                        locate(statement.token, f"{symbol} is the coefficient of two terms of one mean, "
                               f"{_shown(seen[symbol] / symbol)} and {_shown(term / symbol)}",
                               "give each term its own coefficient (number them apart); one coefficient of "
                               "a sum is written once: gamma_1*(a + b)")
                    seen.setdefault(symbol, term)


def _shown(expr: sp.Expr) -> str:
    """``expr`` with names as written: ``prop_low_`` (one name holding _) is prop_low."""
    return str(expr.xreplace({s: sp.Symbol(s.name[:-1]) for s in expr.free_symbols
                              if isinstance(s, sp.Symbol) and s.name.endswith("_")}))


def _split(statements: list[ParsedStatement]) -> tuple[list[ParsedStatement], list[tuple[sp.Symbol, ...]]]:
    parts: dict[sp.Symbol, tuple[sp.Symbol, ...]] = {}
    for statement in statements:
        for symbol in _used(statement):
            if several := several_groupings(symbol):
                parts[symbol] = several
    if not parts:
        return statements, []
    sums = {s: sp.Add(*p, evaluate=False) for s, p in parts.items()}
    names = {str(s): tuple(map(str, p)) for s, p in parts.items()}

    def order(written: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(n for name in written for n in names.get(name, (name,)))
    out: list[ParsedStatement] = []
    for statement in statements:
        if isinstance(statement, Equation | Continuation):
            statement = replace(statement, rhs=statement.rhs.xreplace(sums), order=order(statement.order))
        elif isinstance(statement, Distribution):
            statement = replace(statement, mean=tuple(m.xreplace(sums) for m in statement.mean),
                                order=order(statement.order))
        out.append(statement)
    families = list(dict.fromkeys(tuple(pointer_free(s) for s in p) for p in parts.values()))
    return out, families


def _used(statement: ParsedStatement) -> set[sp.Symbol]:
    """The symbols a statement uses (not those it defines or gives a distribution)."""
    if isinstance(statement, Equation | Continuation):
        exprs = [statement.rhs]
    elif isinstance(statement, Distribution):
        exprs = list(statement.mean)
    else:
        return set()
    return {s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}


def _match_listed(statements: list[ParsedStatement]) -> list[ParsedStatement]:
    used = {s for st in statements for s in _used(st)}
    unpointed = {pointer_free(s) for s in used}
    pointers = Counter(Name.of(s).pointer for s in used if Name.of(s).pointer)
    renamed: dict[sp.Symbol, sp.Symbol] = {}  # a listed effect → the symbol the equations use
    bracketed: dict[sp.Symbol, sp.Symbol] = {}  # an unbracketed level-1 coefficient → its listed effect
    for statement in statements:
        if not isinstance(statement, Distribution):
            continue
        for variable in statement.variables:
            if variable in unpointed or variable in renamed:
                continue
            name = Name.of(variable)
            superscripted = {pointer_free(u) for u in used if Name.of(u).plain_base == name.plain_base
                             and Name.of(u).subscript == name.subscript and Name.of(u).base != name.base}
            if len(superscripted) == 1:
                renamed[variable] = superscripted.pop()
                continue
            label = name.subscript[:-1]
            unbracketed = [u for u in used if Name.of(u).base == name.base and Name.of(u).subscript == label
                           and not Name.of(u).pointer and name.subscript[-1:].isalpha()]
            if len(unbracketed) == 1 and label and len(pointers) == 1:
                bracketed[unbracketed[0]] = name.with_subscript(name.subscript, next(iter(pointers))).symbol()
    out: list[ParsedStatement] = []
    for statement in statements:
        if isinstance(statement, Distribution) and renamed:
            statement = replace(statement, variables=tuple(renamed.get(v, v) for v in statement.variables))
        if bracketed and isinstance(statement, Equation | Continuation):
            statement = replace(statement, rhs=statement.rhs.xreplace(bracketed),
                                order=_renamed(statement.order, bracketed))
        elif bracketed and isinstance(statement, Distribution):
            statement = replace(statement, mean=tuple(m.xreplace(bracketed) for m in statement.mean),
                                order=_renamed(statement.order, bracketed))
        out.append(statement)
    return out


def _renamed(order: tuple[str, ...], renamed: dict[sp.Symbol, sp.Symbol]) -> tuple[str, ...]:
    return tuple(str(renamed.get(sp.Symbol(n), n)) for n in order)


def _stands_in(term: sp.Expr, family: tuple[sp.Symbol, ...]) -> bool:
    """``mu_alpha_k`` (``\\mu_{\\alpha_{k}}``) for a member alpha_k: the mean, not named."""
    if not isinstance(term, sp.Symbol) or (nested := Name.of(term).nested) is None:
        return False
    inner = nested[1].unpointed()
    return any(Name.of(m).plain_base == inner.plain_base and Name.of(m).subscript == inner.subscript
               for m in family)


def _apart(means: dict[sp.Symbol, sp.Expr], family: tuple[sp.Symbol, ...], tokens: dict[sp.Symbol, Token],
           locate: Locate) -> None:
    """Each line numbers its coefficients afresh (``\\gamma_{1}^{\\alpha}(group)`` on j's line,
    ``\\gamma_{1}^{\\alpha}(prop\\_low)`` on k's): a coefficient of two lines that multiplies different
    predictors is two coefficients; the same term on two lines (``\\gamma_{0}^{\\alpha}``) is one. A varying
    one (``\\gamma_{1l[i]}^{\\alpha}`` on two lines) is refused: which of the two the vector of l lists is
    not said."""
    products: dict[sp.Symbol, sp.Expr] = {}
    for member in family:
        if member not in means:
            continue
        renamed: dict[sp.Symbol, sp.Symbol] = {}
        for term in sp.Add.make_args(means[member]):
            for symbol in (s for s in term.free_symbols if isinstance(s, sp.Symbol)
                           and Name.of(s).plain_base in GREEK):  # coefficients, not the data
                # the predictors it multiplies (group_low of group_low*(gamma_1k + gamma_1l))
                rest = sp.Mul(*(f for f in sp.Mul.make_args(term) if symbol not in f.free_symbols))
                if symbol in products and products[symbol] != rest:
                    if Name.of(symbol).pointer:
                        locate(tokens[member], f"{symbol} multiplies {_shown(products[symbol])} on one "
                               f"line and {_shown(rest)} on another: two coefficients with one name, and the "
                               "vector of effects does not say which one varies",
                               "number the coefficients of each line apart")
                    renamed[symbol] = line_coefficient(symbol, Name.of(member).subscript[-1:])
                products.setdefault(symbol, rest)
        if renamed:
            means[member] = means[member].xreplace(renamed)


def _one_mean(statements: list[ParsedStatement], family: tuple[sp.Symbol, ...],
              locate: Locate) -> list[ParsedStatement]:
    means: dict[sp.Symbol, sp.Expr] = {}
    tokens: dict[sp.Symbol, Token] = {}
    for statement in statements:
        if isinstance(statement, Distribution):
            stated = statement.mean * len(statement.variables) if len(statement.mean) == 1 else statement.mean
            for variable, mean in zip(statement.variables, stated, strict=False):
                if variable in family:
                    means.setdefault(variable, mean)
                    tokens.setdefault(variable, statement.token)
    _apart(means, family, tokens, locate)
    stand_ins: list[sp.Expr] = []
    named: list[sp.Expr] = []
    for member in family:
        for term in sp.Add.make_args(means.get(member, sp.S.Zero)):
            if term == 0:
                continue
            kept = stand_ins if _stands_in(term, family) else named
            if term not in kept:
                kept.append(term)
    intercept_named = any(isinstance(t, sp.Symbol) for t in named)
    mean = sp.Add(*named, *([] if intercept_named or not stand_ins else stand_ins[:1]), evaluate=False)
    first = next((m for m in family if m in means), None)
    out: list[ParsedStatement] = []
    for statement in statements:
        if isinstance(statement, Distribution) and set(statement.variables) & set(family):
            stated = statement.mean * len(statement.variables) if len(statement.mean) == 1 else statement.mean
            new = tuple(stated[k] if v not in family else (mean if v == first else sp.S.Zero)
                        for k, v in enumerate(statement.variables))
            statement = replace(statement, mean=new)
        out.append(statement)
    return out
