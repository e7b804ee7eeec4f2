"""SPSS MIXED: writer, reader and what it can express.

    MIXED Reaction WITH Days
      /FIXED=Days | SSTYPE(3)
      /METHOD=REML
      /PRINT=SOLUTION
      /RANDOM=INTERCEPT Days | SUBJECT(Subject) COVTYPE(UN).

Defaults that differ from lme4, and how they are handled:
- /RANDOM has no implicit intercept and defaults to COVTYPE(VC), independent effects, where lme4's
  ``(1 + x | g)`` is unstructured: INTERCEPT and COVTYPE() are always written; read without COVTYPE,
  a /RANDOM subcommand is VC (one block per effect), with a note.
- /METHOD defaults to REML, as lme4; it is always written.
- Factors are the variables after BY (``factor(x)``), covariates those after WITH. SPSS takes a factor's
  last level as the reference, lme4 the first: the estimates of factors differ, the fit does not.
- Keywords may be abbreviated to three letters, as SPSS allows; variable names keep their spelling.
"""

from __future__ import annotations

import sympy as sp

from notation.dialects.base import Capabilities, Reading, Translation, block_groups, check, refuse
from notation.dialects.statements import (
    Cursor,
    categorical_columns,
    numeric_variables,
    plain_factors,
    term_of,
)
from notation.dialects.tokens import Token, split_at, tokenize
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "spss"
PROGRAM = "SPSS MIXED"
# CLASS effects in RANDOM are coded with a column per level (not lme4's contrasts): refused
CAPABILITIES = Capabilities(program=PROGRAM, expressions=False, offsets=False, categorical_random=False)


def _spss_term(term: Term) -> str:
    return "*".join(plain_factors(term, PROGRAM))


def _columns(block: RandomBlock) -> list[str]:
    return (["INTERCEPT"] if block.intercept else []) + [_spss_term(t) for t in block.terms]


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    """A complete MIXED command fitting ``model`` (see the module docstring)."""
    check(model, CAPABILITIES, reml)
    factors = categorical_columns(model)
    covariates = numeric_variables(model)
    head = f"MIXED {model.response_name}"
    if factors:
        head += " BY " + " ".join(factors)
    if covariates:
        head += " WITH " + " ".join(covariates)
    effects = " ".join(_spss_term(t) for t in sorted(model.fixed, key=lambda t: t.order))
    options = "SSTYPE(3)" if model.intercept else "NOINT SSTYPE(3)"
    lines = [
        f"DATASET ACTIVATE {data_name}.",
        head,
        f"  /FIXED={effects + ' ' if effects else ''}| {options}",
        f"  /METHOD={'REML' if reml else 'ML'}",
        "  /PRINT=SOLUTION TESTCOV",
    ]
    for blocks in block_groups(model).values():
        subject = "*".join(blocks[0].grouping)
        single = [b for b in blocks if b.intercept + len(b.terms) == 1]
        for block in blocks:
            if block not in single:
                lines.append(f"  /RANDOM={' '.join(_columns(block))} | SUBJECT({subject}) COVTYPE(UN)")
        if single:
            columns = " ".join(c for b in single for c in _columns(b))
            lines.append(f"  /RANDOM={columns} | SUBJECT({subject}) COVTYPE(VC)")
    lines[-1] += "."
    notes = [
        "/RANDOM has no implicit intercept and defaults to COVTYPE(VC) (independent effects); lme4's "
        "(1 + x | g) is unstructured, so INTERCEPT and COVTYPE are written on every /RANDOM"
    ]
    if factors:
        notes.append(
            "SPSS takes a factor's last level as the reference (lme4 the first): the fixed effects "
            "of factors are parameterized differently, the fit is the same"
        )
    if covariates:
        notes.append(f"covariates (WITH): {', '.join(covariates)}; move any that is categorical to BY")
    return Translation(NAME, "\n".join(lines) + "\n", tuple(notes), comment="* .")


def looks_like(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.lower != "dataset"]
    start = next((i for i, t in enumerate(tokens) if t.lower == "mixed"), None)
    if start is None or not words:
        return False
    return any(
        a.value == "/" and b.kind == "name" for a, b in zip(tokens[start:], tokens[start + 1 :], strict=False)
    )


def _keyword(token: Token, full: str) -> bool:
    word = token.lower
    return (len(word) >= 3 and full.startswith(word)) or word == full


def read(text: str) -> Reading:
    """The model a MIXED command fits, with SPSS's defaults applied (and noted)."""
    tokens = tokenize(text, "spss")
    # commands end with a period; DATASET ACTIVATE d. and the like before MIXED are skipped
    commands = split_at(tokens, ".")
    mixed = [c for c in commands if c and c[0].lower == "mixed"]
    if len(mixed) != 1:
        raise SpecMeaningError("expected one MIXED command", hint="end each command with a period")
    command = mixed[0]
    subcommands = split_at(command, "/")
    head = Cursor(subcommands[0][1:], text, PROGRAM)
    response = head.name("the dependent variable")
    factors: set[str] = set()
    covariates: set[str] = set()
    target = None
    while head.peek() is not None:
        token = head.next()
        if token.lower == "by":
            target = factors
        elif token.lower == "with":
            target = covariates
        elif target is not None and token.kind == "name":
            target.add(token.value)
        else:
            raise token.error(f"unexpected '{token.value}' in the MIXED variable list", text)
    notes: list[str] = []
    reml: bool | None = None
    intercept = True
    fixed: list[Term] = []
    blocks: list[RandomBlock] = []
    for sub in subcommands[1:]:
        if not sub:
            continue
        name, body = sub[0], sub[1:]
        if body and body[0].value == "=":
            body = body[1:]
        if _keyword(name, "fixed"):
            effects, options = _split_bar(body)
            fixed = [term_of(names, factors) for _, names in _effects(effects, text)]
            words = [t.lower for t in options if t.kind == "name"]
            intercept = "noint" not in words
        elif _keyword(name, "method"):
            word = body[0].lower if body else ""
            if word not in ("reml", "ml"):
                raise (body[0] if body else name).error("METHOD is REML or ML", text)
            reml = word == "reml"
        elif _keyword(name, "random"):
            blocks += _random(body, factors, text, notes)
        elif any(
            _keyword(name, k)
            for k in ("print", "criteria", "save", "emmeans", "test", "missing", "outfile", "plot")
        ):
            continue
        elif any(_keyword(name, k) for k in ("repeated", "regwgt")):
            raise SpecMeaningError(
                f"/{name.value.upper()} (a residual structure or weights) cannot be read into an lme4 model",
                hint=f"remove /{name.value.upper()}",
            ).at(text, name.line, name.column, len(name.value))
        else:
            raise name.error(f"MIXED subcommand /{name.value} is not read", text)
    if reml is None:
        notes.append("no /METHOD: SPSS's default REML applied")
    if not blocks:
        raise SpecMeaningError(
            "the MIXED command has no /RANDOM subcommand", hint="add /RANDOM=INTERCEPT | SUBJECT(g)"
        )
    model = Model(sp.Symbol(response.value), intercept, tuple(dict.fromkeys(fixed)), tuple(blocks))
    return Reading(Spec(model), NAME, True if reml is None else reml, tuple(notes))


def _split_bar(body: list[Token]) -> tuple[list[Token], list[Token]]:
    cut = next((i for i, t in enumerate(body) if t.value == "|"), len(body))
    return body[:cut], body[cut + 1 :]


def _effects(tokens: list[Token], text: str) -> list[tuple[Token, list[str]]]:
    cursor = Cursor(tokens, text, PROGRAM)
    effects: list[tuple[Token, list[str]]] = []
    while cursor.peek() is not None:
        first = cursor.name("an effect")
        names = [first.value]
        while cursor.accept("*"):
            names.append(cursor.name().value)
        if cursor.accept("("):  # b(a): nested, the cells of a*b
            while not cursor.accept(")"):
                names.append(cursor.name().value)
        effects.append((first, names))
    return effects


def _random(body: list[Token], factors: set[str], text: str, notes: list[str]) -> list[RandomBlock]:
    effects, options = _split_bar(body)
    columns = _effects(effects, text)
    intercept = any(len(n) == 1 and n[0].lower() == "intercept" for _, n in columns)
    terms = [
        (token, names)
        for token, names in columns
        if not (len(names) == 1 and names[0].lower() == "intercept")
    ]
    for token, names in terms:
        if any(n in factors for n in names):
            raise token.error(
                f"a factor '{token.value}' in /RANDOM is not read",
                text,
                hint="write it as a grouping: SUBJECT(g*" + token.value + ")",
            )
    cursor = Cursor(options, text, PROGRAM)
    grouping: list[str] = []
    covtype: str | None = None
    while cursor.peek() is not None:
        option = cursor.name("SUBJECT() or COVTYPE()")
        cursor.expect("(")
        values: list[Token] = []
        while not cursor.accept(")"):
            values.append(cursor.next("')'"))
        if _keyword(option, "subject"):
            grouping = [v.value for v in values if v.kind == "name"]
        elif _keyword(option, "covtype"):
            covtype = "".join(v.value for v in values).lower()
        elif _keyword(option, "solution"):
            continue
        else:
            raise option.error(f"/RANDOM option {option.value} is not read", text)
    if not grouping:
        raise SpecMeaningError(
            "/RANDOM without SUBJECT() is not read", hint="write /RANDOM=INTERCEPT | SUBJECT(g)"
        )
    if not columns:
        raise refuse(PROGRAM, "an empty /RANDOM subcommand")
    if covtype is None:
        covtype = "vc"
        if len(columns) > 1:
            notes.append("/RANDOM without COVTYPE: SPSS's default VC applied (independent effects)")
    term_list = [Term.of(*names) for _, names in terms]
    if covtype in ("un", "unr") or (len(columns) == 1 and covtype in ("vc", "id", "diag", "un", "cs", "ar1")):
        return [RandomBlock(intercept, tuple(term_list), tuple(grouping))]
    if covtype in ("vc", "diag"):
        out = [RandomBlock(True, (), tuple(grouping))] if intercept else []
        return out + [RandomBlock(False, (t,), tuple(grouping)) for t in term_list]
    raise SpecMeaningError(
        f"COVTYPE({covtype.upper()}) has no lme4 equivalent",
        hint="lme4 fits COVTYPE(UN) (correlated) and COVTYPE(VC) (independent) effects",
    )
