"""Stata ``mixed``: writer, reader and what it can express.

    mixed Reaction Days || Subject: Days, covariance(unstructured) reml

Defaults that differ from lme4, and how they are handled:
- ``mixed`` fits by ML (``mle``) unless told ``reml``; lme4 by REML. The method is always written, and
  code read without one is read as ML (with a note).
- A random-effects equation's covariance defaults to ``independent`` (``identity`` for ``R.`` factor
  equations), where lme4's ``(1 + x | g)`` is unstructured: ``covariance()`` is always written, and
  ``|| id: week`` read without one is ``(1 | id) + (0 + week | id)``.
- Levels nest: ``|| school: || class:`` is ``(1 | school) + (1 | school:class)``. Crossed factors are
  ``|| _all: R.a || b:``; only one of them can carry slopes. Repeating a level (``|| id: x || id: z``)
  gives independent blocks at that level.
- ``i.x`` is categorical (``factor(x)``); ``x#z`` without ``c.`` would make both categorical, so numeric
  variables in interactions are written ``c.x``.
"""

from __future__ import annotations

from itertools import combinations

import sympy as sp

from notation.dialects.base import (
    Capabilities,
    Reading,
    Translation,
    block_groups,
    check,
    factor_kind,
    refuse,
)
from notation.dialects.statements import Cursor, numeric_variables, plain_factors
from notation.dialects.tokens import Token, split_at, tokenize
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term, categorical

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "stata"
PROGRAM = "Stata mixed"
# factor variables are not coded in random-effects equations as lme4 codes them: refused
CAPABILITIES = Capabilities(
    program=PROGRAM,
    expressions=False,
    offsets=False,
    crossed_slopes=False,
    interaction_grouping=False,
    categorical_random=False,
)
_COVARIANCES = {"independent": "ind", "exchangeable": "ex", "identity": "id", "unstructured": "un"}


def _stata_term(term: Term) -> str:
    names = plain_factors(term, PROGRAM)
    kinds = [factor_kind(f)[0] for f in term.factors]
    if len(names) == 1:
        return ("i." if kinds[0] == "categorical" else "") + names[0]
    return "#".join(
        ("i." if kind == "categorical" else "c.") + name for kind, name in zip(kinds, names, strict=True)
    )


def _chain(model: Model) -> tuple[list[str], list[frozenset[str]]]:
    """The nesting chain of levels, and the crossed groupings written as ``_all: R.g``."""
    groups = block_groups(model)
    keys = sorted(groups, key=len)
    best: list[frozenset[str]] = []
    for start in (k for k in keys if len(k) == 1):
        chain = [start]
        while True:
            following = [k for k in keys if len(k) == len(chain[-1]) + 1 and chain[-1] < k]
            if len(following) != 1:
                break
            chain.append(following[0])
        slopes = sum(bool(b.terms) or not b.intercept for k in chain for b in groups[k])
        best_slopes = sum(bool(b.terms) or not b.intercept for k in best for b in groups[k])
        if not best or (slopes, len(chain)) > (best_slopes, len(best)):
            best = chain
    rest = [k for k in keys if k not in best]
    for key in rest:
        blocks = groups[key]
        if len(key) != 1 or any(b.terms or not b.intercept for b in blocks) or len(blocks) != 1:
            label = blocks[0].group_label
            raise refuse(
                PROGRAM,
                f"the random effects on {label} alongside the levels "
                f"{', '.join(':'.join(sorted(k)) for k in best)}",
                hint="Stata nests levels (|| a: || b:) and crosses random intercepts only "
                "(|| _all: R.a); other combinations have no mixed syntax",
            )
    order: list[str] = []
    for key in best:
        order += sorted(key - set(order))
    return order, rest


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    """A complete ``mixed`` command fitting ``model`` (see the module docstring)."""
    check(model, CAPABILITIES, reml)
    groups = block_groups(model)
    order, crossed = _chain(model)
    fixed = [_stata_term(t) for t in sorted(model.fixed, key=lambda t: t.order)]
    parts = [" ".join(["mixed", model.response_name, *fixed]) + ("" if model.intercept else ", noconstant")]
    for key in crossed:
        parts.append(f"_all: R.{next(iter(key))}, covariance(identity)")
    for depth in range(1, len(order) + 1):
        key = frozenset(order[:depth])
        blocks = groups.get(key, [])
        level = order[depth - 1]
        single = [b for b in blocks if b.intercept + len(b.terms) == 1]
        equations = [[b] for b in blocks if b not in single] + ([single] if single else [])
        for equation in equations:
            terms = [_stata_term(t) for b in equation for t in b.terms]
            intercept = any(b.intercept for b in equation)
            options = [] if intercept else ["noconstant"]
            kind = "unstructured" if len(equation) == 1 and equation[0] not in single else "independent"
            options.append(f"covariance({kind})")
            parts.append(f"{level}: {' '.join(terms)}".rstrip() + ", " + " ".join(options))
    code = f"use {data_name}, clear\n" + " || ".join(parts) + (" reml" if reml else " mle")
    if len(parts) == 1:  # pragma: no cover - check() and the IR guarantee a random block
        raise refuse(PROGRAM, "a model without random effects", hint="use regress")
    notes = [
        "mixed fits by ML unless told reml, and a random-effects equation defaults to "
        "covariance(independent); both are written out"
    ]
    numeric = numeric_variables(model)
    if numeric:
        notes.append(f"numeric predictors: {', '.join(numeric)}; write i.x for any that is categorical")
    if crossed:
        notes.append("crossed random intercepts are written as _all: R.g (one variance over g's levels)")
    if len(parts) - len(crossed) - 1 > len(order):
        notes.append("a level repeated in consecutive equations holds independent blocks of random effects")
    if crossed or any(factor_kind(f)[0] == "categorical" for t in model.fixed for f in t.factors):
        notes.append(
            "factor variables (i.x, R.g) must be integer-coded in Stata: encode string variables first"
        )
    return Translation(NAME, code + "\n", tuple(notes), comment="//")


def looks_like(tokens: list[Token]) -> bool:
    if not tokens or tokens[0].lower not in ("mixed", "xtmixed"):
        return False
    return not any(t.value == "/" for t in tokens)  # SPSS MIXED has /subcommands


def _abbreviation(word: str, full: str, minimum: int) -> bool:
    return minimum <= len(word) <= len(full) and full.startswith(word)


def read(text: str) -> Reading:
    """The model a ``mixed`` command fits, with Stata's defaults applied (and noted)."""
    tokens = _mixed_command(text, tokenize(text, "stata"))
    if not looks_like(tokens):
        raise (
            tokens[0].error("expected a mixed command", text) if tokens else SpecMeaningError("empty code")
        )
    segments = split_at(tokens[1:], "||")
    notes: list[str] = []
    reml: bool | None = None
    blocks: list[RandomBlock] = []
    chain: list[str] = []
    options_seen: list[tuple[Token, list[Token]]] = []

    def split_options(segment: list[Token]) -> tuple[list[Token], list[tuple[Token, list[Token]]]]:
        if not any(t.value == "," for t in segment):
            return segment, []
        cut = next(i for i, t in enumerate(segment) if t.value == ",")
        cursor = Cursor(segment[cut + 1 :], text, PROGRAM)
        options: list[tuple[Token, list[Token]]] = []
        while cursor.peek() is not None:
            name = cursor.name("an option")
            args: list[Token] = []
            if cursor.accept("("):
                while not cursor.accept(")"):
                    args.append(cursor.next("')'"))
            options.append((name, args))
        return segment[:cut], options

    head, fe_options = split_options(segments[0])
    if not head:
        raise SpecMeaningError("mixed needs a dependent variable").at(text, tokens[0].line, tokens[0].column)
    response = head[0]
    intercept = True
    for name, _ in fe_options:
        if _abbreviation(name.lower, "noconstant", 3):
            intercept = False
        else:
            options_seen.append((name, _))
    fixed = _varlist(head[1:], text)
    for segment in segments[1:]:
        body, options = split_options(segment)
        if len(body) < 2 or body[1].value != ":":
            where = body[0] if body else segment[0] if segment else tokens[-1]
            raise where.error(
                "a random-effects equation is levelvar: [varlist]",
                text,
                hint="write e.g. || id: week, covariance(unstructured)",
            )
        level = body[0].value
        covariance: str | None = None
        constant = True
        for name, args in options:
            word = name.lower
            if _abbreviation(word, "covariance", 3):
                value = "".join(a.lower for a in args)
                covariance = next(
                    (full for full, short in _COVARIANCES.items() if _abbreviation(value, full, len(short))),
                    None,
                )
                if covariance is None:
                    raise name.error(
                        f"covariance({value}) is not a covariance structure lme4 has",
                        text,
                        hint="use independent or unstructured",
                    )
            elif _abbreviation(word, "noconstant", 3):
                constant = False
            else:
                options_seen.append((name, args))
        variables = body[2:]
        if variables and variables[0].lower.startswith("r."):
            factor = variables[0].value[2:]
            grouping: tuple[str, ...] = (factor,) if level == "_all" else (*_level(chain, level), factor)
            if covariance not in (None, "identity") or len(variables) > 1:
                raise variables[0].error("an R. equation has one factor and identity covariance", text)
            blocks.append(RandomBlock(True, (), grouping))
            continue
        grouping = _level(chain, level)
        terms = _varlist(variables, text)
        for term, token in zip(terms, variables, strict=False):
            if any(factor_kind(f)[0] == "categorical" for f in term.factors):
                raise token.error(
                    "a factor variable in a random-effects equation is not read",
                    text,
                    hint="lme4 codes (1 + factor(x) | g) with contrasts; Stata's coding differs",
                )
        if covariance is None:
            covariance = "independent"
            if terms:
                notes.append(
                    f"|| {level}: without covariance(): Stata's default covariance(independent) applied"
                )
        columns = ([None] if constant else []) + list(terms)
        if not columns:
            raise body[0].error("a random-effects equation without effects", text)
        if covariance == "unstructured" or len(columns) == 1:
            blocks.append(RandomBlock(constant, tuple(terms), grouping))
        elif covariance == "independent":
            blocks += [RandomBlock(c is None, () if c is None else (c,), grouping) for c in columns]
        else:
            raise body[0].error(
                f"covariance({covariance}) over several effects has no lme4 equivalent",
                text,
                hint="lme4 fits unstructured and independent effects",
            )
    for name, _ in options_seen:
        word = name.lower
        if word == "reml":
            reml = True
        elif _abbreviation(word, "mle", 2):
            reml = False
        elif word in ("variance", "stddeviations", "nolog", "nostderr", "noretable", "nofetable", "stddev"):
            continue
        elif word in (
            "dfmethod",
            "vce",
            "level",
            "iterate",
            "tolerance",
            "emiterate",
            "difficult",
            "technique",
        ):
            continue  # inference and optimizer settings: the model is the same
        else:
            raise name.error(
                f"mixed option '{name.value}' is not read",
                text,
                hint="residuals() and weights change the model; others: remove them",
            )
    if reml is None:
        notes.append("no reml option: Stata's default ML (mle) applied")
    if not blocks:
        raise SpecMeaningError("the mixed command has no random-effects equation", hint="add e.g. || id:")
    model = Model(sp.Symbol(response.value), intercept, tuple(fixed), tuple(blocks))
    return Reading(Spec(model), NAME, bool(reml), tuple(notes))


def _mixed_command(text: str, tokens: list[Token]) -> list[Token]:
    """The tokens of the mixed command: commands end at a line break unless the line ends in ``///``."""
    lines = text.splitlines()
    commands: list[list[Token]] = []
    for token in tokens:
        previous = commands[-1][-1] if commands else None
        continued = previous is not None and (
            token.line == previous.line
            or all(lines[n - 1].rstrip().endswith("///") for n in range(previous.line, token.line))
        )
        if continued:
            commands[-1].append(token)
        else:
            commands.append([token])
    for command in commands:
        if command[0].lower in ("mixed", "xtmixed"):
            return command
        if command[0].lower not in (
            "use",
            "frame",
            "cwf",
            "set",
            "clear",
            "quietly",
            "encode",
            "generate",
            "gen",
            "sort",
            "estat",
            "display",
        ):
            raise command[0].error(
                f"the Stata command '{command[0].value}' is not read",
                text,
                hint="give the mixed command (and use/frame lines before it)",
            )
    return tokens


def _level(chain: list[str], level: str) -> tuple[str, ...]:
    """The grouping of an equation at ``level``: the levels above it and itself."""
    if level == "_all":
        raise SpecMeaningError("_all: takes R.varname", hint="write || _all: R.g")
    if level in chain:  # a repeated level: another block at the same level
        return tuple(chain[: chain.index(level) + 1])
    chain.append(level)
    return tuple(chain)


def _varlist(tokens: list[Token], text: str) -> list[Term]:
    """Terms of a Stata varlist with factor-variable notation: ``i.x``, ``c.x#c.z``, ``x##z``."""
    terms: list[Term] = []
    for token in tokens:
        if token.kind != "name":
            raise token.error(
                f"unexpected '{token.value}' in a varlist",
                text,
                hint="if/in and weights are not read; expressions need generate",
            )
        full = "##" in token.value
        pieces = token.value.replace("##", "#").split("#")
        interaction = len(pieces) > 1
        factors = [_factor(piece, interaction, token, text) for piece in pieces]
        if full:
            for size in range(1, len(factors) + 1):
                terms += [Term(tuple(c)) for c in combinations(factors, size)]
        else:
            terms.append(Term(tuple(factors)))
    return list(dict.fromkeys(terms))


def _factor(piece: str, interaction: bool, token: Token, text: str) -> sp.Expr:
    prefix, dot, name = piece.rpartition(".")
    prefix = prefix.lower()
    if not dot:
        return categorical(name) if interaction else sp.Symbol(name)  # x#z: factors unless c.
    if prefix == "c":
        return sp.Symbol(name)
    if prefix in ("i", "ib1", "ibn") or (prefix.startswith("ib") and prefix[2:].isdigit()):
        return categorical(name)
    raise token.error(
        f"the operator '{prefix}.' is not read",
        text,
        hint="time-series operators (L., D.) need generate; write i.x or c.x",
    )
