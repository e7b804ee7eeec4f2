"""MixedModels.jl (Julia): writer, reader and what it can express.

    using DataFrames, MixedModels
    fit = MixedModels.fit(MixedModel, @formula(Reaction ~ 1 + Days + (1 + Days | Subject)), d; REML = true)

Defaults that differ from lme4, and how they are handled:
- ``fit(MixedModel, ...)`` fits by ML unless ``REML = true``; lme4 by REML. ``REML`` is always written,
  and code read without it is the ML fit (with a note).
- Interactions are ``a & b`` (lme4's ``a:b``), also in grouping factors ``(1 | a & b)``.
  ``zerocorr(1 + x | g)`` is lme4's ``(x || g)``; the writer uses separate terms, which MixedModels.jl
  also keeps independent.
- A numeric column is categorical only through ``contrasts = Dict(:x => DummyCoding())``, which is how
  ``factor(x)`` is written (strings are categorical anyway). Expressions (``I(x^2)``) and offsets are not
  written.
- The model is assigned with the qualified ``MixedModels.fit``, so that ``fit`` can name the result.
"""

from __future__ import annotations

import sympy as sp

from notation.dialects.base import Capabilities, Reading, Translation, check, factor_kind
from notation.dialects.tokens import Token, tokenize
from notation.errors import NotationError, SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term, categorical

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "julia"
PROGRAM = "MixedModels.jl"
CAPABILITIES = Capabilities(program=PROGRAM, expressions=False, offsets=False)


def _term(term: Term) -> str:
    return " & ".join(str(factor_kind(f)[1]) for f in term.factors)


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    check(model, CAPABILITIES, reml)
    fixed = sorted(model.fixed, key=lambda t: t.order)
    parts = ["1" if model.intercept else "0", *(_term(t) for t in fixed)]
    for block in model.random:
        columns = ["1" if block.intercept else "0", *(_term(t) for t in block.terms)]
        parts.append(f"({' + '.join(columns)} | {' & '.join(block.grouping)})")
    formula = f"{model.response_name} ~ {' + '.join(parts)}"
    factors = sorted(
        {
            str(v)
            for t in [*model.fixed, *(t for b in model.random for t in b.terms)]
            for k, v in map(factor_kind, t.factors)
            if k == "categorical"
        }
    )
    contrasts = ""
    if factors:
        contrasts = ", contrasts = Dict(" + ", ".join(f":{f} => DummyCoding()" for f in factors) + ")"
    code = (
        f"using DataFrames, MixedModels\nfit = MixedModels.fit(MixedModel, @formula({formula}), {data_name}; "
        f"REML = {'true' if reml else 'false'}{contrasts})\n"
    )
    notes = [
        "MixedModels.jl fits by ML unless REML = true: the method is written out",
        "separate terms (1 | g) + (0 + x | g) are independent effects (zerocorr), (1 + x | g) correlated",
    ]
    return Translation(NAME, code, tuple(notes))


def looks_like(tokens: list[Token]) -> bool:
    return any(t.value == "MixedModel" for t in tokens)


def read(text: str) -> Reading:
    from notation.parse.formula import parse_formula

    tokens = tokenize(text, "r")
    at = next(
        (
            i
            for i, t in enumerate(tokens)
            if t.value == "@"
            and i + 2 < len(tokens)
            and tokens[i + 1].value == "formula"
            and tokens[i + 2].value == "("
        ),
        None,
    )
    if at is None:
        raise SpecMeaningError("no @formula(...) found in the Julia code")
    depth, end = 0, None
    for j in range(at + 2, len(tokens)):
        depth += tokens[j].value == "("
        depth -= tokens[j].value == ")"
        if depth == 0:
            end = j
            break
    if end is None:
        raise tokens[at].error("@formula( is not closed", text)
    inner = tokens[at + 3 : end]
    pieces: list[str] = []
    k = 0
    while k < len(inner):
        token = inner[k]
        if token.value == "zerocorr" and k + 1 < len(inner) and inner[k + 1].value == "(":
            pieces.append("")  # the parenthesis that follows stays; its bar is doubled below
            depth, m = 0, k + 1
            while m < len(inner):
                depth += inner[m].value == "("
                depth -= inner[m].value == ")"
                if inner[m].value == "|" and depth == 1:
                    inner = [
                        *inner[:m],
                        Token("op", "||", inner[m].offset, inner[m].line, inner[m].column),
                        *inner[m + 1 :],
                    ]
                if depth == 0:
                    break
                m += 1
        elif token.value == "&":
            pieces.append(":")
        else:
            pieces.append(token.value)
        k += 1
    try:
        model = parse_formula(" ".join(pieces))
    except NotationError as error:
        error.line = None
        raise error.at(text, tokens[at].line, tokens[at].column, 8) from None
    # contrasts = Dict(:x => DummyCoding()): the tokenizer splits => into = and >
    factors = [
        tokens[i + 1].value
        for i in range(end, len(tokens) - 3)
        if tokens[i].value == ":" and tokens[i + 2].value == "=" and tokens[i + 3].value == ">"
    ]
    if factors:
        model = _categorical(model, set(factors))
    after = tokens[end:]
    reml_value = next(
        (
            after[i + 2].value
            for i in range(len(after) - 2)
            if after[i].value == "REML" and after[i + 1].value == "="
        ),
        None,
    )
    notes: tuple[str, ...] = ()
    if reml_value is None:
        notes = ("REML not given: MixedModels.jl's default ML applied",)
    elif reml_value not in ("true", "false"):
        raise SpecMeaningError(f"REML = {reml_value} is not true or false")
    return Reading(Spec(model), NAME, reml_value == "true", notes)


def _categorical(model: Model, names: set[str]) -> Model:
    """The model with ``x`` read as ``factor(x)`` for each column a contrasts Dict names."""

    def factor(expr: sp.Expr) -> sp.Expr:
        return categorical(expr.name) if isinstance(expr, sp.Symbol) and expr.name in names else expr

    def term(t: Term) -> Term:
        return Term(tuple(factor(f) for f in t.factors))

    blocks = tuple(
        RandomBlock(b.intercept, tuple(term(t) for t in b.terms), b.grouping) for b in model.random
    )
    return Model(model.response, model.intercept, tuple(term(t) for t in model.fixed), blocks, model.offsets)
