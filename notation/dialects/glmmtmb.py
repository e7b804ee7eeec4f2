"""glmmTMB (R): writer, reader and what it can express.

    library(glmmTMB)
    fit <- glmmTMB(Reaction ~ 1 + Days + us(1 + Days | Subject), data = d, family = gaussian(),
                   REML = TRUE)

Defaults that differ from lme4, and how they are handled:
- ``REML`` defaults to FALSE (ML) in glmmTMB, TRUE in lme4: it is always written, and code read without
  it is the ML fit (with a note).
- A block of several effects is written ``us(...)`` (unstructured), independent effects as separate
  terms ``(1 | g) + (0 + x | g)``; ``diag(x | g)`` is read as independent effects. ``||`` is never
  written, and refused when read: glmmTMB versions differ on what it means (lme4: independent effects).
- ``cs()``, ``ar1()``, ``toep()`` and the other structures have no lme4 equivalent: refused when read.
"""

from __future__ import annotations

import itertools

from notation.dialects.base import Capabilities, Reading, Translation, check
from notation.dialects.rcode import RArgument, find_call, formula_at, r_logical, refuse_arguments
from notation.dialects.tokens import Token, tokenize
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, expression_name

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "glmmtmb"
PROGRAM = "glmmTMB"
CAPABILITIES = Capabilities(program=PROGRAM)
_STRUCTURES = (
    "us",
    "diag",
    "cs",
    "ar1",
    "ou",
    "exp",
    "gau",
    "mat",
    "toep",
    "rr",
    "homdiag",
    "hetar1",
    "homcs",
    "propto",
    "equalto",
)


def _block(block: RandomBlock) -> str:
    columns = ["1" if block.intercept else "0", *(t.label for t in block.terms)]
    inner = f"{' + '.join(columns)} | {block.group_label}"
    return f"us({inner})" if len(columns) > 2 or (block.intercept and block.terms) else f"({inner})"


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    check(model, CAPABILITIES, reml)
    fixed = sorted(model.fixed, key=lambda t: t.order)
    parts = [
        "1" if model.intercept else "0",
        *(t.label for t in fixed),
        *(f"offset({expression_name(o)})" for o in model.offsets),
        *(_block(b) for b in model.random),
    ]
    formula = f"{expression_name(model.response)} ~ {' + '.join(parts)}"
    code = (
        f"library(glmmTMB)\nfit <- glmmTMB({formula}, data = {data_name}, family = gaussian(), "
        f"REML = {'TRUE' if reml else 'FALSE'})\n"
    )
    notes = [
        "glmmTMB fits by ML unless REML = TRUE: the method is written out",
        "us() is an unstructured covariance; independent effects are separate terms (glmmTMB's || "
        "is not written, its meaning differs between versions)",
    ]
    return Translation(NAME, code, tuple(notes))


def looks_like(tokens: list[Token]) -> bool:
    return any(t.value == "glmmTMB" and n.value == "(" for t, n in itertools.pairwise(tokens))


def _rewrite(text: str, argument: RArgument) -> str:
    """The formula with ``us(x | g)`` → ``(x | g)`` and ``diag(x | g)`` → ``(x || g)``; others refused."""
    fragment = argument.text(text)
    tokens = tokenize(fragment, "r")
    out = list(fragment)
    for i, token in enumerate(tokens):
        if token.value == "||":
            raise SpecMeaningError(
                "glmmTMB's || is read differently by glmmTMB versions",
                hint="write diag(x | g) for independent effects or us(x | g) for correlated ones",
            ).at(text, *_where(text, argument, token))
        if (
            token.kind != "name"
            or token.value not in _STRUCTURES
            or i + 1 >= len(tokens)
            or tokens[i + 1].value != "("
        ):
            continue
        if token.value not in ("us", "diag"):
            raise SpecMeaningError(
                f"the covariance structure {token.value}() has no lme4 equivalent",
                hint="lme4 fits us() (unstructured) and diag() (independent) effects",
            ).at(text, *_where(text, argument, token))
        for j in range(token.offset, token.offset + len(token.value)):
            out[j] = " "
        if token.value == "diag":
            depth = 0
            for later in tokens[i + 1 :]:
                depth += later.value == "("
                depth -= later.value == ")"
                if later.value == "|" and depth == 1:
                    out[later.offset] = "\u0000"  # marks the bar to double
                if depth == 0:
                    break
    return "".join(out).replace("\u0000", "||")


def _where(text: str, argument: RArgument, token: Token) -> tuple[int, int, int]:
    offset = argument.start + token.offset
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1, len(token.value)


def read(text: str) -> Reading:
    call = find_call(text, ("glmmTMB",), PROGRAM)
    refuse_arguments(
        text,
        call,
        ("formula", "data", "family", "REML", "control", "start", "verbose", "na.action"),
        positional=2,
    )
    family = call.argument("family")
    if family is not None and family.text(text).replace(" ", "") not in (
        "gaussian()",
        "gaussian",
        'gaussian(link="identity")',
    ):
        raise family.tokens[0].error("only the gaussian family is a linear mixed model", text)
    formula = call.argument("formula", 0)
    if formula is None:
        raise call.token.error("glmmTMB() needs a formula", text)
    rewritten = RArgument(formula.name, formula.tokens, 0, len(_rewrite(text, formula)))
    model = formula_at(_rewrite(text, formula), rewritten)
    argument = call.argument("REML")
    notes: tuple[str, ...] = ()
    if argument is None:
        notes = ("REML not given: glmmTMB's default ML (REML = FALSE) applied",)
    reml = False if argument is None else r_logical(text, argument)
    return Reading(Spec(model), NAME, reml, notes)
