"""lme4 (R): writer, reader and what it can express — the reference every other dialect is read into.

    library(lme4)
    fit <- lmer(Reaction ~ 1 + Days + (1 + Days | Subject), data = d, REML = TRUE)

lme4 expresses every model of the IR. ``REML`` defaults to TRUE; it is always written, and
``REML = FALSE`` in code read here is the ML fit (``notation fit`` then fits by ML).
"""

from __future__ import annotations

import itertools

from notation.dialects.base import Capabilities, Reading, Translation, check
from notation.dialects.rcode import find_call, formula_at, r_logical, refuse_arguments
from notation.dialects.tokens import Token
from notation.ir import Model, Spec

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "lme4"
PROGRAM = "lme4"
CAPABILITIES = Capabilities(program=PROGRAM)
_CALLS = ("lmer",)
_HARMLESS = ("data", "control", "verbose", "start", "na.action", "devFunOnly")


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    from notation.render.formula import format_formula

    check(model, CAPABILITIES, reml)
    code = (
        f"library(lme4)\nfit <- lmer({format_formula(model)}, data = {data_name}, "
        f"REML = {'TRUE' if reml else 'FALSE'})\n"
    )
    return Translation(NAME, code, ())


def looks_like(tokens: list[Token]) -> bool:
    return any(t.value in _CALLS and n.value == "(" for t, n in itertools.pairwise(tokens))


def read(text: str) -> Reading:
    call = find_call(text, _CALLS, PROGRAM)
    refuse_arguments(text, call, ("formula", "REML", *_HARMLESS), positional=2)
    formula = call.argument("formula", 0)
    if formula is None:
        raise call.token.error("lmer() needs a formula", text)
    model = formula_at(text, formula)
    reml_argument = call.argument("REML")
    notes: tuple[str, ...] = ()
    if reml_argument is None:
        notes = ("REML not given: lme4's default REML = TRUE applied",)
    reml = True if reml_argument is None else r_logical(text, reml_argument)
    return Reading(Spec(model), NAME, reml, notes)
