"""HLM (HLM2 equations as HLM software prints them): writer, reader and what it can express.

    MDM file: d.mdm
    Level-2 ID: school
    Estimation: REML
    Level-1 Model
        Y = B0 + B1*(R) + R
    Level-2 Model
        B0 = G00 + G01*(Z) + U0
        B1 = G10 + G11*(Z) + U1

The names are HLM's output names: B for level-1 coefficients, G for fixed effects, U for level-2 random
effects, R for the level-1 residual. The grouping column (the MDM file's level-2 ID) and the method are
stated on their own lines. How the pieces map:
- a level-2 equation's ``Gk0`` is the fixed effect of its level-1 variable, ``Gkm*(W)`` the cross-level
  interaction ``Xk:W``; ``Uk`` makes the coefficient random;
- HLM estimates one unstructured τ over all random effects of a level: ``(1 + x | g)``. Independent effects
  ``(1 | g) + (0 + x | g)`` cannot be written, nor crossed or nested factors (HLM3 is not written),
  categorical predictors (HLM needs dummy columns), expressions, offsets, or products of level-1 variables;
- HLM2 fits by REML by default (full ML is an option): the method line is always written; read without it,
  REML is applied, with a note. HLM prints names in capitals; they are matched here as written.
A main effect is written at level 1 unless an interaction puts it at level 2: both give the same model.
"""

from __future__ import annotations

import sympy as sp

from notation.dialects.base import Capabilities, Reading, Translation, check, factor_kind, refuse
from notation.dialects.tokens import Token, tokenize
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "hlm"
PROGRAM = "HLM"
CAPABILITIES = Capabilities(
    program=PROGRAM,
    independent=False,
    nested=False,
    crossed=False,
    crossed_slopes=False,
    interaction_grouping=False,
    categorical=False,
    expressions=False,
    offsets=False,
    no_intercept=False,
)


def _names(term: Term) -> list[str]:
    out = []
    for factor in term.factors:
        kind, value = factor_kind(factor)
        if kind != "variable":
            raise refuse(PROGRAM, f"the term {term.label}", hint="compute the column in the data first")
        out.append(str(value))
    return out


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    check(model, CAPABILITIES, reml)
    block = model.random[0]
    group = block.grouping[0]
    slopes = [_names(t)[0] for t in block.terms]
    for term in block.terms:
        if term.order != 1:
            raise refuse(PROGRAM, f"the random slope of the interaction {term.label}")
    level1: list[str] = list(slopes)
    cross: list[tuple[str, str]] = []
    for term in model.fixed:
        names = _names(term)
        if len(names) > 2:
            raise refuse(PROGRAM, f"the interaction {term.label}")
        if len(names) == 2:
            first, second = names if names[0] in level1 or names[1] not in level1 else names[::-1]
            if second in level1:
                raise refuse(
                    PROGRAM,
                    f"the product of level-1 variables {term.label}",
                    hint="HLM needs the product as a column of the data",
                )
            level1.append(first) if first not in level1 else None
            cross.append((first, second))
    level2 = {w for _, w in cross}
    mains = [_names(t)[0] for t in model.fixed if t.order == 1]
    for name in level1:
        if name in level2:
            raise refuse(PROGRAM, f"{name} at level 1 and at level 2")
        if name not in mains:
            raise refuse(
                PROGRAM,
                f"the level-1 variable {name} without its own fixed effect",
                hint="HLM's level-2 equations always hold their intercept G_k0",
            )
    level1 += [m for m in mains if m not in level1 and m not in level2]
    rows = [
        f"MDM file: {data_name}.mdm",
        f"Level-2 ID: {group}",
        f"Estimation: {'REML' if reml else 'ML'}",
        "Level-1 Model",
    ]
    rows.append(
        f"    {model.response_name} = "
        + " + ".join(["B0", *(f"B{k}*({x})" for k, x in enumerate(level1, start=1)), "R"])
    )
    rows.append("Level-2 Model")
    intercept_terms = [
        "G00",
        *(f"G0{m}*({w})" for m, w in enumerate([w for w in mains if w in level2], start=1)),
    ]
    rows.append(f"    B0 = {' + '.join(intercept_terms + (['U0'] if block.intercept else []))}")
    for k, x in enumerate(level1, start=1):
        parts = [
            f"G{k}0",
            *(f"G{k}{m}*({w})" for m, w in enumerate([w for v, w in cross if v == x], start=1)),
        ]
        if x in slopes:
            parts.append(f"U{k}")
        rows.append(f"    B{k} = {' + '.join(parts)}")
    notes = [
        "HLM estimates one unstructured tau over a level's random effects, as lme4's (1 + x | g)",
        "the variables enter uncentered, as in lme4: choose 'uncentered' for each in HLM",
        "HLM2 fits by REML by default and by full ML on request: the method is stated",
    ]
    return Translation(NAME, "\n".join(rows) + "\n", tuple(notes))


def looks_like(text: str) -> bool:
    return "level-1 model" in text.lower()


def read(text: str) -> Reading:
    lines: dict[int, list[Token]] = {}
    for token in tokenize(text, "r"):
        lines.setdefault(token.line, []).append(token)
    group: str | None = None
    reml: bool | None = None
    level = 0
    level1: list[Token] | None = None
    level2: dict[str, list[Token]] = {}
    for tokens in lines.values():
        words = [t.lower for t in tokens]
        if words[:1] == ["mdm"]:
            continue  # the data: HLM's MDM file, built from the data set
        if words[:3] == ["level", "-", "2"] and "id" in words[3:5]:
            group = tokens[-1].value
        elif words[:1] == ["estimation"]:
            value = tokens[-1].lower
            if value not in ("reml", "ml"):
                raise tokens[-1].error("Estimation: is REML or ML", text)
            reml = value == "reml"
        elif words[:3] in (["level", "-", "1"], ["level", "-", "2"]) and words[3:4] == ["model"]:
            level = int(words[2])
        elif level == 1 and "=" in words:
            level1 = tokens
        elif level == 2 and "=" in words:
            level2[tokens[0].value.upper()] = tokens
        else:
            raise tokens[0].error("expected a Level-1/Level-2 Model equation", text)
    if level1 is None:
        raise SpecMeaningError("no Level-1 Model equation", hint="write Y = B0 + B1*(X) + R")
    if group is None:
        raise SpecMeaningError("the level-2 units are not named", hint="add a line: Level-2 ID: school")
    notes = [] if reml is not None else ["no Estimation line: HLM2's default REML applied"]
    response = level1[0]
    coefficients = _products(level1[2:], text)  # [(B0, None), (B1, X1), ..., (R, None)]
    fixed: list[Term] = []
    random_intercept, intercept = False, False
    slopes: list[Term] = []
    for coefficient, variable in coefficients:
        name = coefficient.value.upper()
        if name == "R" and variable is None:
            continue
        if not name.startswith("B"):
            raise coefficient.error("level-1 terms are B0, Bk*(X) and R", text)
        equation = level2.get(name)
        if equation is None:
            raise coefficient.error(f"{coefficient.value} has no Level-2 equation", text)
        for gamma, w in _products(equation[2:], text):
            g = gamma.value.upper()
            if g.startswith("U") and w is None:
                if variable is None:
                    random_intercept = True
                else:
                    slopes.append(Term.of(variable))
            elif g.startswith("G") and w is None:
                if variable is None:
                    intercept = True
                else:
                    fixed.append(Term.of(variable))
            elif g.startswith("G"):
                fixed.append(Term.of(w) if variable is None else Term.of(variable, w))
            else:
                raise gamma.error("level-2 terms are Gk0, Gkm*(W) and Uk", text)
    if not intercept:
        raise SpecMeaningError("B0's equation has no G00: a model without an intercept is not read")
    block = RandomBlock(random_intercept, tuple(slopes), (group,))
    model = Model(sp.Symbol(response.value), True, tuple(dict.fromkeys(fixed)), (block,))
    return Reading(Spec(model), NAME, True if reml is None else reml, tuple(notes))


def _products(tokens: list[Token], text: str) -> list[tuple[Token, str | None]]:
    """``B0 + B1*(X) + R`` → [(B0, None), (B1, "X"), (R, None)]."""
    out: list[tuple[Token, str | None]] = []
    i = 0
    while i < len(tokens):
        coefficient = tokens[i]
        if coefficient.kind != "name":
            raise coefficient.error(f"unexpected '{coefficient.value}'", text)
        variable = None
        if i + 1 < len(tokens) and tokens[i + 1].value == "*":
            rest = tokens[i + 2 : i + 5]
            if len(rest) == 3 and rest[0].value == "(" and rest[2].value == ")":
                variable, i = rest[1].value, i + 5
            elif rest:
                variable, i = rest[0].value, i + 3
            else:
                raise tokens[i + 1].error("a product needs a variable", text)
        else:
            i += 1
        out.append((coefficient, variable))
        if i < len(tokens):
            if tokens[i].value != "+":
                raise tokens[i].error("terms are joined by +", text)
            i += 1
    return out
