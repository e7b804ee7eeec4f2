"""nlme (R) ``lme()``: writer, reader and what it can express.

    library(nlme)
    fit <- lme(fixed = Reaction ~ 1 + Days, random = list(Subject = pdSymm(~ 1 + Days)), data = d,
               method = "REML")

nlme nests its grouping factors (``list(a = ..., b = ...)`` is b within a: ``(.. | a) + (.. | a:b)``)
and gives each level one positive-definite structure: ``pdSymm`` (unstructured, lme4's ``(1 + x | g)``),
``pdDiag`` (independent effects). So it cannot express crossed factors, two blocks at one level other
than independent single effects, an interaction grouping without its outer level, or offsets: refused.
``method`` defaults to REML, as lme4; it is always written, and every level's pd class is written out.
"""

from __future__ import annotations

import itertools

from notation.dialects.base import Capabilities, Reading, Translation, block_groups, check, refuse
from notation.dialects.rcode import RArgument, find_call, formula_at, r_string, refuse_arguments, sub_call
from notation.dialects.tokens import Token
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, expression_name, variable_name

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "nlme"
PROGRAM = "nlme lme()"
CAPABILITIES = Capabilities(
    program=PROGRAM, crossed=False, crossed_slopes=False, interaction_grouping=False, offsets=False
)


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    check(model, CAPABILITIES, reml)
    groups = block_groups(model)
    entries = []
    outer: frozenset[str] = frozenset()
    for key in sorted(groups, key=len):
        blocks = groups[key]
        if not outer < key or len(key - outer) != 1:
            raise refuse(
                PROGRAM,
                f"the grouping {blocks[0].group_label} outside one nesting chain",
                hint="nlme nests its levels: list(a = ..., b = ...) is (.. | a) + (.. | a:b)",
            )
        level = next(iter(key - outer))
        outer = key
        single = [b for b in blocks if b.intercept + len(b.terms) == 1]
        if len(blocks) > 1 and len(single) != len(blocks):
            raise refuse(
                PROGRAM,
                f"a correlated block next to other effects at {blocks[0].group_label}",
                hint="nlme gives each level one pd structure (pdBlocked is not written)",
            )
        columns = [
            "1" if any(b.intercept for b in blocks) else "0",
            *(t.label for b in blocks for t in b.terms),
        ]
        pd = "pdDiag" if len(blocks) > 1 else "pdSymm"
        entries.append(f"{variable_name(level)} = {pd}(~ {' + '.join(columns)})")
    fixed = sorted(model.fixed, key=lambda t: t.order)
    rhs = " + ".join(["1" if model.intercept else "0", *(t.label for t in fixed)])
    code = (
        f"library(nlme)\nfit <- lme(fixed = {expression_name(model.response)} ~ {rhs}, "
        f'random = list({", ".join(entries)}), data = {data_name}, method = "{"REML" if reml else "ML"}")\n'
    )
    notes = [
        "pdSymm is unstructured (lme4's (1 + x | g)), pdDiag independent effects; list() levels nest "
        "from the outermost"
    ]
    return Translation(NAME, code, tuple(notes))


def looks_like(tokens: list[Token]) -> bool:
    return any(t.value == "lme" and n.value == "(" for t, n in itertools.pairwise(tokens))


def read(text: str) -> Reading:
    call = find_call(text, ("lme",), PROGRAM)
    refuse_arguments(text, call, ("fixed", "data", "random", "method", "control", "na.action"), positional=2)
    fixed_argument = call.argument("fixed", 0)
    random_argument = call.argument("random")
    if fixed_argument is None or random_argument is None:
        raise call.token.error(
            "lme() is read with a fixed formula and random =",
            text,
            hint="write lme(y ~ x, random = ~ 1 | g, data = d)",
        )
    fixed = formula_at(text, fixed_argument)
    blocks = _random(text, random_argument)
    notes: list[str] = []
    method = call.argument("method")
    if method is None:
        notes.append("method not given: nlme's default REML applied")
        reml = True
    else:
        value = r_string(text, method)
        if value not in ("REML", "ML"):
            raise method.tokens[0].error('method is "REML" or "ML"', text)
        reml = value == "REML"
    model = Model(fixed.response, fixed.intercept, fixed.fixed, tuple(blocks), fixed.offsets)
    return Reading(Spec(model), NAME, reml, tuple(notes))


def _random(text: str, argument: RArgument) -> list[RandomBlock]:
    value = argument.text(text)
    if value.startswith("~"):  # ~ 1 + x | g, also ~ 1 | a/b: lme4's (1 + x | a/b) expands the same way
        if "|" not in value:
            raise argument.tokens[0].error("random = ~ ... needs a grouping factor: ~ 1 | g", text)
        return list(formula_at(text, argument, prefix="response ~ 0 + (", suffix=")", skip=1).random)
    call = sub_call(text, argument, PROGRAM)
    if call is None or call.name != "list":
        raise argument.tokens[0].error("random = is read as ~ x | g or list(g = pdSymm(~ x), ...)", text)
    blocks: list[RandomBlock] = []
    levels: list[str] = []
    for entry in call.arguments:
        if entry.name is None:
            raise entry.tokens[0].error("each list() entry names its grouping factor: g = ~ 1", text)
        levels.append(entry.name)
        blocks += _level(text, entry, tuple(levels))
    return blocks


def _level(text: str, entry: RArgument, grouping: tuple[str, ...]) -> list[RandomBlock]:
    pd = "pdLogChol"
    formula = entry
    inner = sub_call(text, entry, PROGRAM)
    if inner is not None:
        pd = inner.name
        argument = inner.argument("form", 0)
        if argument is None:
            raise inner.token.error(f"{pd}() needs a formula", text)
        formula = argument
    if not formula.text(text).startswith("~"):
        raise formula.tokens[0].error("expected a one-sided formula ~ x", text)
    columns = formula_at(text, formula, prefix="response ~ ", skip=1)
    if columns.random:
        raise formula.tokens[0].error("a list() entry's formula has no grouping bar", text)
    size = columns.intercept + len(columns.fixed)
    if pd in ("pdSymm", "pdLogChol", "pdNatural") or (
        size == 1 and pd in ("pdIdent", "pdCompSymm", "pdDiag")
    ):
        return [RandomBlock(columns.intercept, columns.fixed, grouping)]
    if pd == "pdDiag":
        out = [RandomBlock(True, (), grouping)] if columns.intercept else []
        return out + [RandomBlock(False, (t,), grouping) for t in columns.fixed]
    raise SpecMeaningError(
        f"{pd}() has no lme4 equivalent", hint="lme4 fits pdSymm and pdDiag structures"
    ).at(text, entry.tokens[0].line, entry.tokens[0].column)
