"""brms (R, Bayesian): writer, reader and what it can express.

    library(brms)
    fit <- brm(Reaction ~ 1 + Days + (1 + Days | Subject), data = d, family = gaussian(),
               algorithm = "sampling")

brms fits the same model by MCMC with its default priors: there is neither REML nor ML, and the estimates
are posterior summaries (close to ML ones under flat priors). The writer says so in a note rather than
pretending to a method; code read from brms carries no method (``notation fit`` then fits by REML, lme4's
default, and says so). Formula semantics are lme4's: ``(1 | g) + (0 + x | g)`` and ``(x || g)`` are
independent effects, ``(1 + x | g)`` correlated. brms-only terms (``(1 | p | g)``, ``gr()``, ``s()``) are
refused when read.
"""

from __future__ import annotations

import itertools

from notation.dialects.base import Capabilities, Reading, Translation, check
from notation.dialects.rcode import find_call, formula_at, refuse_arguments, sub_call
from notation.dialects.tokens import Token
from notation.ir import Model, Spec

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "brms"
PROGRAM = "brms"
CAPABILITIES = Capabilities(program=PROGRAM)


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    from notation.render.formula import format_formula

    check(model, CAPABILITIES, reml)
    code = (
        f"library(brms)\nfit <- brm({format_formula(model)}, data = {data_name}, family = gaussian(), "
        'algorithm = "sampling")\n'
    )
    notes = [
        f"brms estimates by MCMC with default priors, neither REML nor ML (the {'REML' if reml else 'ML'} "
        "fit asked for has no brms equivalent): estimates are posterior summaries",
        "separate terms (1 | g) + (0 + x | g) are independent effects, as in lme4",
    ]
    return Translation(NAME, code, tuple(notes))


def looks_like(tokens: list[Token]) -> bool:
    return any(t.value == "brm" and n.value == "(" for t, n in itertools.pairwise(tokens))


def read(text: str) -> Reading:
    call = find_call(text, ("brm",), PROGRAM)
    refuse_arguments(
        text,
        call,
        (
            "formula",
            "data",
            "family",
            "algorithm",
            "chains",
            "iter",
            "warmup",
            "cores",
            "seed",
            "control",
            "refresh",
            "backend",
            "silent",
            "prior",
        ),
        positional=2,
    )
    family = call.argument("family")
    if family is not None and family.text(text).replace(" ", "") not in ("gaussian()", "gaussian"):
        raise family.tokens[0].error("only the gaussian family is a linear mixed model", text)
    formula = call.argument("formula", 0)
    if formula is None:
        raise call.token.error("brm() needs a formula", text)
    inner = sub_call(text, formula, PROGRAM)
    if inner is not None and inner.name in ("bf", "brmsformula"):
        if len(inner.arguments) != 1:
            raise inner.token.error(
                "bf() with more than the formula (distributional terms) is not read", text
            )
        formula = inner.arguments[0]
    model = formula_at(text, formula)
    notes = ["brms has no REML/ML: a fit of this model uses lme4's default REML"]
    if call.argument("prior") is not None:
        notes.append("priors are ignored: the model is read, not the prior")
    return Reading(Spec(model), NAME, None, tuple(notes))
