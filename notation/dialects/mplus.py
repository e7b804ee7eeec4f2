"""Mplus (TYPE = TWOLEVEL RANDOM): writer, reader and what it can express.

    VARIABLE: NAMES = Reaction Days Subject; USEVARIABLES = Reaction Days;
      CLUSTER = Subject; WITHIN = Days;
    ANALYSIS: TYPE = TWOLEVEL RANDOM; ESTIMATOR = ML;
    MODEL:
      %WITHIN%
      s1 | Reaction ON Days;
      %BETWEEN%
      Reaction WITH s1;

Mplus writes a two-level model as a latent-variable model; how the pieces map:
- the random intercept is the between part of the outcome (always present; ``Reaction@0`` removes it),
  a random slope is ``s | y ON x`` at %WITHIN%, a cross-level interaction ``x:Z`` is ``s ON Z`` at
  %BETWEEN% with Z declared BETWEEN;
- the covariance of a random slope with the intercept or another slope is fixed at zero by default:
  ``y WITH s`` is always written for a correlated block, ``y WITH s@0`` for independent effects;
- a predictor not declared WITHIN or BETWEEN is split into latent within and between parts, which lme4
  does not do: the writer declares every predictor, and the reader refuses an undeclared one;
- two-level models are fitted by ML only (a REML fit asked for is written as ML, with a note).
One grouping factor only (no nesting, no crossing), no categorical predictors (Mplus needs dummy
columns), no expressions or offsets, and no interactions other than cross-level ones.
"""

from __future__ import annotations

import sympy as sp

from notation.dialects.base import Capabilities, Reading, Translation, check, factor_kind, refuse
from notation.dialects.tokens import Token, split_at, tokenize
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Spec, Term

__all__ = ["CAPABILITIES", "NAME", "looks_like", "read", "write"]

NAME = "mplus"
PROGRAM = "Mplus TWOLEVEL"
CAPABILITIES = Capabilities(
    program=PROGRAM,
    nested=False,
    crossed=False,
    crossed_slopes=False,
    interaction_grouping=False,
    categorical=False,
    expressions=False,
    offsets=False,
)


def _variable(term: Term) -> str:
    if term.order != 1 or factor_kind(term.factors[0])[0] != "variable":
        raise refuse(
            PROGRAM,
            f"the term {term.label} as a random slope or level-1 predictor",
            hint="Mplus needs a DEFINE for products of level-1 variables; compute the column first",
        )
    return str(factor_kind(term.factors[0])[1])


def write(model: Model, data_name: str = "d", reml: bool = True) -> Translation:
    check(model, CAPABILITIES, reml)
    if len(model.groupings) != 1:
        raise refuse(PROGRAM, "more than one grouping factor")
    cluster = model.groupings[0][0]
    y = model.response_name
    slopes: dict[str, str] = {}  # level-1 variable → its random slope's name
    has_intercept = any(b.intercept for b in model.random)
    for block in model.random:
        for term in block.terms:
            slopes[_variable(term)] = f"s{len(slopes) + 1}"
    within: list[str] = []
    between: list[str] = []
    between_on: dict[str, list[str]] = {y: []}
    fixed_slopes = set()
    for term in sorted(model.fixed, key=lambda t: t.order):
        names = [str(factor_kind(f)[1]) for f in term.factors]
        if any(factor_kind(f)[0] != "variable" for f in term.factors):
            raise refuse(PROGRAM, f"the term {term.label}")
        if len(names) == 1:
            continue
        level1 = [n for n in names if n in slopes]
        if len(names) != 2 or len(level1) != 1:
            raise refuse(
                PROGRAM,
                f"the interaction {term.label} (only cross-level interactions x:Z, x with a "
                "random slope, are written)",
            )
        other = next(n for n in names if n not in slopes)
        between_on.setdefault(slopes[level1[0]], []).append(other)
        between.append(other)
    for term in model.fixed:
        if term.order == 1:
            name = _variable(term)
            if name in between:
                between_on[y].append(name)
            elif name in slopes:
                fixed_slopes.add(name)
            else:
                within.append(name)
    within = list(dict.fromkeys([*within, *slopes]))
    between = list(dict.fromkeys(between))
    for name in within:
        if name in between:
            raise refuse(PROGRAM, f"{name} at both levels")
    used = list(dict.fromkeys([y, *within, *between]))
    lines = [
        f"TITLE: {y} by {cluster};",
        f"DATA: FILE = {data_name}.dat;",
        f"VARIABLE: NAMES = {' '.join([*used, cluster])};",
        f"  USEVARIABLES = {' '.join(used)};",
        f"  CLUSTER = {cluster};",
    ]
    if within:
        lines.append(f"  WITHIN = {' '.join(within)};")
    if between:
        lines.append(f"  BETWEEN = {' '.join(between)};")
    lines += [
        f"ANALYSIS: TYPE = TWOLEVEL{' RANDOM' if slopes else ''};",
        "  ESTIMATOR = ML;",
        "MODEL:",
        "  %WITHIN%",
    ]
    plain = [n for n in within if n not in slopes]
    if plain:
        lines.append(f"  {y} ON {' '.join(plain)};")
    for name, slope in slopes.items():
        lines.append(f"  {slope} | {y} ON {name};")
    lines.append("  %BETWEEN%")
    for target, predictors in between_on.items():
        if predictors:
            lines.append(f"  {target} ON {' '.join(predictors)};")
    if not has_intercept:
        lines.append(f"  {y}@0;")
    if not model.intercept:
        lines.append(f"  [{y}@0];")
    for name, slope in slopes.items():
        if name not in fixed_slopes:
            lines.append(f"  [{slope}@0];")
    effects = ([y] if has_intercept else []) + list(slopes.values())
    block_of = {}
    for index, block in enumerate(model.random):
        for column in ([y] if block.intercept else []) + [slopes[_variable(t)] for t in block.terms]:
            block_of[column] = index
    for i, a in enumerate(effects):
        for b in effects[i + 1 :]:
            lines.append(f"  {a} WITH {b}{'' if block_of[a] == block_of[b] else '@0'};")
    lines.append("OUTPUT: TECH1;")
    notes = [
        "NAMES must list the columns of the data file in its order; Mplus names have at most 8 characters",
        "the covariance of random slopes with the intercept is zero unless WITH frees it: every pair is "
        "written (@0 fixes independent effects)",
    ]
    if reml:
        notes.insert(
            0, "Mplus fits two-level models by ML only: this is the ML fit, not the REML fit asked for"
        )
    return Translation(NAME, "\n".join(lines) + "\n", tuple(notes), comment="!")


def looks_like(tokens: list[Token]) -> bool:
    return any(t.lower in ("%within%", "%between%") for t in tokens)


def read(text: str) -> Reading:
    tokens = tokenize(text, "mplus")
    statements = split_at(tokens, ";")
    section = ""
    level = ""
    options: dict[str, list[Token]] = {}
    within_on: list[tuple[list[Token], list[Token], Token | None]] = []  # (outcome, predictors, slope)
    between: list[list[Token]] = []
    for statement in statements:
        if not statement:
            continue
        while statement:  # a section header (MODEL:) and level markers (%WITHIN%) may open a statement
            if len(statement) > 1 and statement[1].value == ":" and statement[0].kind == "name":
                section, level = statement[0].lower, ""
                statement = statement[2:]
            elif statement[0].lower in ("%within%", "%between%"):
                level = statement[0].lower
                statement = statement[1:]
            else:
                break
        if not statement:
            continue
        if section in ("variable", "analysis"):
            if len(statement) < 2 or statement[1].lower not in ("=", "is", "are"):
                raise statement[0].error("expected NAME = values (or NAME IS/ARE values)", text)
            options[statement[0].lower] = statement[2:]
        elif section == "model" and level == "%within%":
            slope = None
            if len(statement) > 1 and statement[1].value == "|":
                slope, statement = statement[0], statement[2:]
            on = next((i for i, t in enumerate(statement) if t.lower == "on"), None)
            if on is None:
                raise statement[0].error("only 'y ON x' and 's | y ON x' are read at %WITHIN%", text)
            within_on.append((statement[:on], statement[on + 1 :], slope))
        elif section == "model" and level == "%between%":
            between.append(statement)
        elif section == "model":
            raise statement[0].error("a MODEL statement before %WITHIN%/%BETWEEN% is not read", text)
        elif section not in ("title", "data", "output", "savedata", "plot", "define"):
            raise statement[0].error(f"the Mplus command {section.upper()}: is not read", text)
        elif section == "define":
            raise statement[0].error(
                "DEFINE: computes new variables, which are not read",
                text,
                hint="compute the columns in the data first",
            )
    names = {k: [t.value for t in v if t.kind == "name"] for k, v in options.items()}
    kind = " ".join(t.lower for t in options.get("type", []))
    if not kind.startswith("twolevel"):
        raise SpecMeaningError("only ANALYSIS: TYPE = TWOLEVEL [RANDOM] is read")
    cluster = names.get("cluster", [])
    if len(cluster) != 1:
        raise SpecMeaningError("VARIABLE: CLUSTER = names one grouping column")
    within_vars, between_vars = set(names.get("within", [])), set(names.get("between", []))
    notes: list[str] = []
    estimator = names.get("estimator", ["MLR"])[0].lower()
    if estimator not in ("ml", "mlr", "mlf"):
        raise SpecMeaningError(f"ESTIMATOR = {estimator.upper()} is not maximum likelihood")
    if "estimator" not in names:
        notes.append("no ESTIMATOR: Mplus's default MLR (ML estimates, robust standard errors) read as ML")
    response: str | None = None
    fixed: list[Term] = []
    slopes: dict[str, str] = {}
    for outcome, predictors, slope in within_on:
        if len(outcome) != 1:
            raise outcome[0].error("one outcome per statement is read", text)
        response = response or outcome[0].value
        for predictor in predictors:
            if predictor.value not in within_vars:
                raise predictor.error(
                    f"{predictor.value} is not declared WITHIN: Mplus splits it into within "
                    "and between parts, which lme4 does not",
                    text,
                    hint=f"add WITHIN = {predictor.value}",
                )
            if slope is not None:
                slopes[slope.value] = predictor.value
            fixed.append(Term.of(predictor.value))
    if response is None:
        raise SpecMeaningError("no 'y ON x' statement at %WITHIN%")
    intercept_random, intercept_fixed = True, True
    correlated: set[frozenset[str]] = set()
    with_seen = False
    for statement in between:
        words = [t.value for t in statement]
        lowered = [w.lower() for w in words]
        if "on" in lowered:
            at = lowered.index("on")
            for target in words[:at]:
                if target != response and target not in slopes:
                    raise statement[0].error(f"{target} is neither the outcome nor a random slope", text)
                for column in words[at + 1 :]:
                    if column not in between_vars:
                        raise statement[0].error(f"{column} is not declared BETWEEN", text)
                    fixed.append(Term.of(column) if target == response else Term.of(slopes[target], column))
        elif "with" in lowered:
            at = lowered.index("with")
            with_seen = True
            if words[-2:-1] == ["@"] and words[-1] == "0":
                continue
            for a in words[:at]:
                for b in words[at + 1 :]:
                    correlated.add(frozenset({a, b}))
        elif words == [response, "@", "0"]:
            intercept_random = False
        elif words in (["[", response, "@", "0", "]"],):
            intercept_fixed = False
        elif len(words) == 5 and words[0] == "[" and words[1] in slopes and words[2:4] == ["@", "0"]:
            fixed = [t for t in fixed if t != Term.of(slopes[words[1]])]
        else:
            raise statement[0].error(f"the %BETWEEN% statement '{' '.join(words)}' is not read", text)
    effects = ([response] if intercept_random else []) + list(slopes)
    groups: list[set[str]] = [{e} for e in effects]
    for pair in correlated:
        joined = [g for g in groups if g & pair]
        groups = [g for g in groups if not g & pair] + [set().union(*joined)]
    blocks = []
    for group in groups:
        members = [e for e in effects if e in group]
        terms = tuple(Term.of(slopes[m]) for m in members if m != response)
        blocks.append(RandomBlock(response in group, terms, (cluster[0],)))
    if slopes and not with_seen:
        notes.append("no WITH between random effects: Mplus's default zero covariances applied (independent)")
    model = Model(sp.Symbol(response), intercept_fixed, tuple(dict.fromkeys(fixed)), tuple(blocks))
    return Reading(Spec(model), NAME, False, tuple(notes))
