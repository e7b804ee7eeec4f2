"""A parsed system → its level-1 equation in reduced form, and the indices it uses.

Contract: :func:`reduce_system` merges continuation lines (``= rhs`` replaces the right-hand
side of the equation above: the last form given is the one read), reads a response written as
a distribution (seed 002 model 2: ``y_i ~ N(alpha_c + beta X_i, sigma^2)`` is
``y_i = alpha_c + beta X_i + e_i`` with ``e_i ~ N(0, sigma^2)``), finds the level-1 equation
(the one whose left side no other statement uses), substitutes every other equation into it
(level 2 into level 1, level 3 into level 2, ...), adds the means of distribution statements
(``alpha_c ~ N(mu_alpha, tau^2)`` means ``alpha_c`` is ``mu_alpha`` plus a random intercept),
and expands the result into a sum of monomials. ``appearance`` lists the symbols of the reduced
form in the order a reader meets them (level 1 left to right, each coefficient's equation where
the coefficient stands), so that terms can keep the user's order. With a one-letter outcome
subscript (``y_i``), a symbol whose whole subscript is another letter (``alpha_c``, ``X_c``)
introduces that letter as a group index, as Gelman–Hill's ``alpha_c[i]`` would. It raises,
with positions, on: no level-1 equation, a coefficient defined twice, an equation level 1
never uses, a cycle, an index line for an index the system does not use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import NoReturn, TypeGuard

import sympy as sp
from lark import Token

from notation.errors import SpecMeaningError
from notation.ir import Name
from notation.ir.symbols import names_a_matrix, residual_symbol
from notation.parse.equations.anatomy import Indices, bracket_groups, definition_key
from notation.parse.equations.groupings import read_groupings
from notation.parse.equations.prose import IndexLine
from notation.parse.equations.statements import (
    Continuation,
    Distribution,
    Equation,
    MatrixDefinition,
    Moment,
    ParsedStatement,
)

__all__ = ["ReducedSystem", "reduce_system"]


@dataclass(frozen=True)
class ReducedSystem:
    """The level-1 equation, reduced; the equations as given; distributions; indices and columns."""

    level1: Equation
    reduced: sp.Expr
    equations: tuple[Equation, ...]
    distributions: tuple[Distribution, ...]
    indices: Indices
    columns: Mapping[str, str]
    bracket: bool
    appearance: tuple[sp.Symbol, ...] = ()
    residual_variance: sp.Expr | None = None  # from a definition R = I sigma^2
    shifted: frozenset[sp.Symbol] = frozenset()  # varying coefficients whose stated mean was added


Locate = Callable[[Token, str, str], NoReturn]


def reduce_system(statements: list[ParsedStatement], index_lines: list[IndexLine],
                  index: Mapping[str, str], locate: Locate) -> ReducedSystem:
    """See the module docstring; ``locate(token, message, hint)`` raises at ``token``."""
    statements = read_groupings(statements, locate)
    statements, residual_variance = _named_matrices(_moments_as_distributions(statements, locate), locate)
    statements = _response_distribution(statements)
    equations = _merge_continuations(statements, locate)
    distributions = tuple(s for s in statements if isinstance(s, Distribution))
    definitions = _definitions(equations, locate)
    level1 = _level1(equations, distributions, locate)
    indices = _indices(level1, statements, locate)
    _check_chains(statements, indices, locate)
    columns = _columns(indices, index_lines, index, locate)
    reduced = _substitute(level1, definitions, locate)
    reduced, shifted = _add_means(reduced, distributions)
    reduced = sp.expand(reduced, power_base=False, power_exp=False, log=False)
    bracket = any(bracket_groups(s) for st in statements for s in _symbols(st))
    appearance = _appearance(level1, equations, distributions)
    return ReducedSystem(level1, reduced, equations, distributions, indices, columns, bracket, appearance,
                         residual_variance, shifted)


def _moments_as_distributions(statements: list[ParsedStatement], locate: Locate) -> list[ParsedStatement]:
    """``Var(u_0j) = tau_00``, ``Var(u_1j) = tau_11``, ``Cov(u_0j, u_1j) = tau_01``: the distribution
    ``(u_0j, u_1j) ~ N(0, [[tau_00, tau_01], [tau_01, tau_11]])`` — effects a Cov joins share a block."""
    moments = [st for st in statements if isinstance(st, Moment)]
    if not moments:
        return statements
    groups: list[list[sp.Symbol]] = []
    for moment in moments:
        joined = [g for g in groups if set(g) & set(moment.variables)]
        merged = list(dict.fromkeys([v for g in joined for v in g] + list(moment.variables)))
        groups = [g for g in groups if g not in joined] + [merged]
    value = {frozenset(m.variables): m for m in moments}
    made: list[ParsedStatement] = []
    for group in groups:
        missing = [v for v in group if frozenset((v,)) not in value]
        if missing:
            first = next(m for m in moments if missing[0] in m.variables)
            locate(first.token, f"a covariance of {missing[0]} but no Var({missing[0]})",
                   f"state its variance: Var({missing[0]}) = ...")
        entries = [[value[frozenset((a, b))].value if frozenset((a, b)) in value else sp.S.Zero
                    for b in group] for a in group]
        covariance = entries[0][0] if len(group) == 1 else sp.ImmutableMatrix(entries)
        made.append(Distribution(tuple(group), (sp.S.Zero,), covariance, value[frozenset((group[0],))].token))
    return [st for st in statements if not isinstance(st, Moment)] + made


def _named_matrices(statements: list[ParsedStatement], locate: Locate
                    ) -> tuple[list[ParsedStatement], sp.Expr | None]:
    """Seed 000's named matrices: ``u ~ N(0, G)`` with ``G = [...]`` (G's entries put into the
    distribution), and ``R = I sigma^2`` (the residual's variance). Another R is refused: the
    residuals' correlation would be lost."""
    matrices = {st.name: st.matrix for st in statements if isinstance(st, MatrixDefinition)}
    residual_variance = None
    kept: list[ParsedStatement] = []
    for st in statements:
        if isinstance(st, MatrixDefinition):
            if Name.of(st.name).base == "R" and not st.matrix.is_diagonal():
                locate(st.token, f"{st.name} makes the residuals correlated",
                       "lme4's residuals are sigma^2 I: write R = I sigma^2 and the random effects that "
                       "make the correlation")
            continue
        identity = sp.Symbol("I")
        if isinstance(st, Equation) and names_a_matrix(st.lhs) and identity in st.rhs.free_symbols:
            residual_variance = sp.simplify(st.rhs / identity)  # R = I sigma^2_e
            if identity in residual_variance.free_symbols:
                locate(st.token, f"{st.lhs} = {st.rhs} is not sigma^2 I", "write R = I sigma^2")
            continue
        if isinstance(st, Distribution) and st.covariance in matrices:
            st = replace(st, covariance=matrices[st.covariance])
        kept.append(st)
    return kept, residual_variance


def _response_distribution(statements: list[ParsedStatement]) -> list[ParsedStatement]:
    """``y_i ~ N(mean, s2)`` when no equation is the level-1 one: ``y_i = mean + e_i``, ``e_i ~ N(0, s2)``."""
    equations = tuple(st for st in statements if isinstance(st, Equation))
    distributions = tuple(st for st in statements if isinstance(st, Distribution))
    if _roots(equations, distributions):
        return statements
    out: list[ParsedStatement] = []
    converted = False
    for st in statements:
        if converted or not _is_response(st, statements):
            out.append(st)
            continue
        converted = True
        residual = residual_symbol(Name.of(st.variables[0]).subscript)
        out.append(Equation(st.variables[0], sp.Add(st.mean[0], residual), st.token, st.order))
        out.append(Distribution((residual,), (sp.S.Zero,), st.covariance, st.token))
    return out


def _is_response(statement: ParsedStatement, statements: list[ParsedStatement]) -> TypeGuard[Distribution]:
    """A distribution of one variable with a mean that no other statement uses: the response's
    (``alpha_j ~ N(mu_alpha, .)`` is not: alpha_j is used, as alpha_j[i])."""
    if not (isinstance(statement, Distribution) and len(statement.variables) == 1
            and len(statement.mean) == 1 and statement.mean[0] != 0):
        return False
    key = definition_key(statement.variables[0])
    return not any(key in {definition_key(s) for s in _symbols(other)} for other in statements
                   if other is not statement)


def _merge_continuations(statements: list[ParsedStatement], locate: Locate) -> tuple[Equation, ...]:
    equations: list[Equation] = []
    for statement in statements:
        if isinstance(statement, Equation):
            equations.append(statement)
        elif isinstance(statement, Continuation):
            if not equations:
                locate(statement.token, "a line starting with = continues an equation, but none is above",
                       "write the left-hand side first: Y_ij = ...")
            last = equations[-1]
            equations[-1] = Equation(last.lhs, statement.rhs, last.token, statement.order)
    return tuple(equations)


def _check_chains(statements: list[ParsedStatement], indices: Indices, locate: Locate) -> None:
    """A derivation chain (``Y_ij = ...`` then lines ``= ...``) is read by its last line; the lines must
    say the same. A later line may expand a coefficient (seed 001: beta_0j becomes gamma_0 + gamma_1 Z_j +
    u_j), which changes group-level terms, but never the observation-level variables: a variable
    dropped or added between lines is a typo that would silently change the model."""
    above: Equation | Continuation | None = None
    for statement in statements:
        if isinstance(statement, Equation):
            above = statement
        elif isinstance(statement, Continuation) and above is not None:
            before = _observation_variables(above.rhs, indices)
            after = _observation_variables(statement.rhs, indices)
            if before != after:
                differ = sorted(map(str, before ^ after))
                locate(statement.token, f"this line and the one above differ in {', '.join(differ)}",
                       "a derivation's lines must describe one model: correct the line, or write it as "
                       "its own equation")
            above = statement


def _observation_variables(expr: sp.Expr, indices: Indices) -> frozenset[str]:
    """The data columns a right-hand side reads at the observation level (R_ij → R), the residual
    (a symbol standing alone) left out: lumping errors together (u_j + e_ij as epsilon_ij) is allowed."""
    alone = {a for a in sp.Add.make_args(sp.expand(expr)) if isinstance(a, sp.Symbol)}
    return frozenset(indices.anatomy(s).column for s in expr.free_symbols
                     if isinstance(s, sp.Symbol) and s not in alone
                     and indices.observation in indices.anatomy(s).indices)


def _definitions(equations: tuple[Equation, ...], locate: Locate) -> dict[str, sp.Expr]:
    out: dict[str, sp.Expr] = {}
    for equation in equations:
        key = definition_key(equation.lhs)
        if key in out:
            locate(equation.token, f"{equation.lhs} is defined twice",
                   "give each coefficient one equation (continuation lines start with =)")
        out[key] = equation.rhs
    return out


def _roots(equations: tuple[Equation, ...], distributions: tuple[Distribution, ...]) -> list[Equation]:
    """Equations whose left side no other statement uses: the level-1 equation, normally one."""
    used = {definition_key(s) for e in equations for s in e.rhs.free_symbols if isinstance(s, sp.Symbol)}
    used |= {definition_key(s) for d in distributions for m in d.mean for s in m.free_symbols
             if isinstance(s, sp.Symbol)}
    return [e for e in equations if definition_key(e.lhs) not in used]


def _level1(equations: tuple[Equation, ...], distributions: tuple[Distribution, ...],
            locate: Locate) -> Equation:
    roots = _roots(equations, distributions)
    if not roots:
        token = equations[0].token if equations else Token("SYMBOL", "", line=1, column=1)
        locate(token, "no level-1 equation", "start with the outcome's equation, e.g. Y_ij = beta_0j + e_ij")
    for extra in roots[1:]:
        locate(extra.token, f"an equation for {extra.lhs}, but level 1 ({roots[0].lhs}) never uses it",
               f"use {extra.lhs} in the level-1 equation or remove its equation")
    return roots[0]


def _indices(level1: Equation, statements: list[ParsedStatement], locate: Locate) -> Indices:
    sub = Name.of(level1.lhs).subscript
    if not sub.isalpha() or not sub.islower() or len(set(sub)) != len(sub):
        locate(level1.token, f"the outcome {level1.lhs} needs its indices as a subscript",
               "write Y_ij (i: observation, j: group), Y_ijk for three levels, or Y_i with j[i] brackets")
    sub = _observation_first(sub, level1, statements)
    levels = {letter: level for level, letter in enumerate(sub, start=1)}
    if len(sub) == 1:
        for symbol in sorted(_symbols(level1) - {level1.lhs}, key=str):
            group = Name.of(symbol).subscript
            if len(group) == 1 and group.islower() and group != sub:
                levels.setdefault(group, 2)
    parents: dict[str, str] = {}
    for statement in statements:
        for symbol in _symbols(statement):
            for group, lookup in bracket_groups(symbol):
                levels.setdefault(group, levels.get(lookup, 1) + 1)
                if lookup != sub[0]:
                    parents.setdefault(lookup, group)  # gamma_k[j]: each j belongs to one k
    return Indices(sub[0], levels, parents)


def _observation_first(sub: str, level1: Equation, statements: list[ParsedStatement]) -> str:
    """The outcome's indices, the observation's first. Usually written so (Y_ij: i in j); in
    person-period notation (Singer & Willett: Y_ij = pi_0i + ..., i the person, j the occasion) the
    level-2 equations say which: the one index their coefficients never carry is the observation."""
    carried = {c for st in statements if isinstance(st, Equation) and st is not level1
               for c in Name.of(st.lhs).subscript if c in sub}
    uncarried = [c for c in sub if c not in carried]
    if not carried or len(uncarried) != 1 or uncarried[0] == sub[0]:
        return sub
    return uncarried[0] + sub.replace(uncarried[0], "")


def _columns(indices: Indices, index_lines: list[IndexLine], index: Mapping[str, str],
             locate: Locate) -> dict[str, str]:
    columns = {letter: letter for letter in indices.levels if letter != indices.observation}
    for line in index_lines:
        if line.letter not in columns:
            locate(Token("SYMBOL", line.letter, line=line.line, column=line.column),
                   f"index line for {line.letter}, but no group index {line.letter} is used",
                   f"the group indices here are {', '.join(columns) or 'none'}")
        columns[line.letter] = line.column_name
    _second_blocks(columns)
    for letter, column in index.items():
        if letter not in columns:
            raise SpecMeaningError(f"--index {letter}={column}, but the equations have no group index "
                                   f"{letter}", hint=f"the group indices are {', '.join(columns) or 'none'}")
        columns[letter] = column
    return columns


def _second_blocks(columns: dict[str, str]) -> None:
    """lme4 names a second block on a grouping as R's make.unique does (``(x | school) + (1 | school)``:
    school and school.1), and equatiomatic's legend prints that name: the grouping is school."""
    named = set(columns.values())
    for letter, column in list(columns.items()):
        stem, dot, number = column.rpartition(".")
        if dot and number.isdigit() and stem in named:
            columns[letter] = stem


def _substitute(level1: Equation, definitions: dict[str, sp.Expr], locate: Locate) -> sp.Expr:
    expr = level1.rhs
    for _ in range(len(definitions) + 1):
        replace = {s: definitions[definition_key(s)] for s in expr.free_symbols
                   if isinstance(s, sp.Symbol) and definition_key(s) in definitions}
        if not replace:
            return expr
        expr = expr.xreplace(replace)
    locate(level1.token, "the equations refer to each other in a circle",
           "each coefficient's equation may only use coefficients of higher levels")


def _add_means(expr: sp.Expr, distributions: tuple[Distribution, ...]
               ) -> tuple[sp.Expr, frozenset[sp.Symbol]]:
    """``alpha_c ~ N(mu_alpha, tau^2)``: alpha_c is its mean plus a deviation, still written alpha_c
    here; the symbols shifted are returned, so that the deviation gets a name of its own. A mean may
    hold coefficients with means of their own (Gelman–Hill's nesting: alpha_j ~ N(gamma_k[j], .),
    gamma_k ~ N(mu_gamma, .)): they are shifted in turn."""
    means: dict[str, sp.Expr] = {}
    for statement in distributions:
        stated = statement.mean * len(statement.variables) if len(statement.mean) == 1 else statement.mean
        for variable, mean in zip(statement.variables, stated, strict=True):
            if mean != 0:
                means.setdefault(definition_key(variable), mean)
    shifted: set[sp.Symbol] = set()
    for _ in range(len(means)):
        # alpha_j ~ N(mu_alpha, ...) shifts alpha_j[i] too: a Gelman–Hill bracket names the same effect
        pending = {s: means[definition_key(s)] for s in expr.free_symbols
                   if isinstance(s, sp.Symbol) and s not in shifted and definition_key(s) in means}
        if not pending:
            break
        expr = expr.xreplace({s: sp.Add(mean, s) for s, mean in pending.items()})
        shifted |= set(pending)
    return expr, frozenset(shifted)


def _appearance(level1: Equation, equations: tuple[Equation, ...],
                distributions: tuple[Distribution, ...]) -> tuple[sp.Symbol, ...]:
    """The reduced form's symbols in reading order; see the module docstring."""
    expansions: dict[str, tuple[str, ...]] = {}
    for equation in equations:
        written = equation.order
        if written[:1] == (str(equation.lhs),):
            written = written[1:]
        expansions[definition_key(equation.lhs)] = written
    for statement in distributions:
        if len(statement.variables) == 1:
            key = definition_key(statement.variables[0])
            expansions.setdefault(key, (*statement.order[1:], str(statement.variables[0])))
    seen: dict[str, None] = {}

    def walk(names: tuple[str, ...], depth: int) -> None:
        for name in names:
            key = definition_key(sp.Symbol(name))
            if key in expansions and depth <= len(expansions) and key not in seen:
                seen[key] = None
                walk(expansions[key], depth + 1)
            seen.setdefault(name, None)

    walk(expansions.get(definition_key(level1.lhs), ()), 0)
    return tuple(sp.Symbol(name) for name in seen)


def _symbols(statement: ParsedStatement) -> set[sp.Symbol]:
    if isinstance(statement, MatrixDefinition):
        return {s for s in statement.matrix.free_symbols if isinstance(s, sp.Symbol)}
    if isinstance(statement, Moment):
        return {*statement.variables, *(s for s in statement.value.free_symbols if isinstance(s, sp.Symbol))}
    exprs: list[sp.Expr] = [statement.rhs] if not isinstance(statement, Distribution) else [
        *statement.variables, *statement.mean]
    if isinstance(statement, Equation):
        exprs.append(statement.lhs)
    return {s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
