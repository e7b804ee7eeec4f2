"""lme4's expansion rules: each formula → the canonical, fully expanded formula it means.

The expected strings are what lme4 expands the formulas to (``terms()`` for the fixed part,
``findbars()``/``expandDoubleVerts()`` for the random part), written canonically: ``1``/``0``
first, main effects, interactions by order, offsets, random blocks in order of appearance.
"""

from __future__ import annotations

import pytest
import sympy as sp

from notation.ir import Model, RandomBlock, Term, categorical
from notation.parse.formula import parse_formula
from notation.render.formula import format_formula

EXPANSIONS = [
    # --- the seeds -------------------------------------------------------------------------
    ("Y ~ R + Z + X + S + (1|id)", "Y ~ 1 + R + Z + X + S + (1 | id)"),
    ("lmer(  $Y \\sim R + Z + X + S + (1|id)$ , data=dat )", "Y ~ 1 + R + Z + X + S + (1 | id)"),
    ("Y ~ R * Z + X + S + (R|id)", "Y ~ 1 + R + Z + X + S + R:Z + (1 + R | id)"),
    ("lmer( \n$$Y \\sim R * Z + X + S + (R|id)$$\n, data=dat )",
     "Y ~ 1 + R + Z + X + S + R:Z + (1 + R | id)"),
    ("Y ~ 1 + R * Z + X + S + (1 + R|id)", "Y ~ 1 + R + Z + X + S + R:Z + (1 + R | id)"),
    ("$$lmer( Y ~ 1 + Z + S + R + Z:R + X + (1 + R|id), data=dat )$$",
     "Y ~ 1 + Z + S + R + X + Z:R + (1 + R | id)"),
    ("Reaction ~ Days + (Days|Subject)", "Reaction ~ 1 + Days + (1 + Days | Subject)"),
    ("sleepMod <- lmer(Reaction ~ Days + (Days|Subject), data=sleepstudy)",
     "Reaction ~ 1 + Days + (1 + Days | Subject)"),
    ("y ~ x + (1|clus)", "y ~ 1 + x + (1 | clus)"),
    ("y ~ x + (x|clus)", "y ~ 1 + x + (1 + x | clus)"),
    ("lmeMod = lmer(y4 ~ x + (x|clus), data=d)", "y4 ~ 1 + x + (1 + x | clus)"),
    ("lm(formula = Reaction ~ Days, data = sleepstudy)", "Reaction ~ 1 + Days"),
    # --- the reference fits --------------------------------------------------------------
    ("y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)",
     "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept:service)"),
    ("strength ~ 1 + (1 | batch/cask)", "strength ~ 1 + (1 | batch) + (1 | cask:batch)"),  # lme4's name
    ("diameter ~ 1 + (1 | plate) + (1 | sample)", "diameter ~ 1 + (1 | plate) + (1 | sample)"),
    ("Reaction ~ Days + (Days || Subject)", "Reaction ~ 1 + Days + (1 | Subject) + (0 + Days | Subject)"),
    ("Reaction ~ Days + (1 | Subject)", "Reaction ~ 1 + Days + (1 | Subject)"),
    ("angle ~ recipe * temp + (1 | recipe:replicate)",
     "angle ~ 1 + recipe + temp + recipe:temp + (1 | recipe:replicate)"),
    ("Yield ~ 1 + (1 | Batch)", "Yield ~ 1 + (1 | Batch)"),
    # --- the term algebra ----------------------------------------------------------------
    ("y ~ a*b*c", "y ~ 1 + a + b + c + a:b + a:c + b:c + a:b:c"),
    ("y ~ a*b*c - a:b:c", "y ~ 1 + a + b + c + a:b + a:c + b:c"),
    ("y ~ (a + b + c)^2", "y ~ 1 + a + b + c + a:b + a:c + b:c"),
    ("y ~ (a + b + c)**2", "y ~ 1 + a + b + c + a:b + a:c + b:c"),
    ("y ~ (a + b)^3", "y ~ 1 + a + b + a:b"),
    ("y ~ a^2", "y ~ 1 + a"),
    ("y ~ a/b", "y ~ 1 + a + a:b"),
    ("y ~ a/b/c", "y ~ 1 + a + a:b + a:b:c"),
    ("y ~ a/(b + c)", "y ~ 1 + a + a:b + a:c"),
    ("y ~ (a + b)/c", "y ~ 1 + a + b + a:b:c"),
    ("y ~ b %in% a", "y ~ 1 + b:a"),
    ("y ~ a:b + a", "y ~ 1 + a + a:b"),
    ("y ~ b:a + a:b", "y ~ 1 + b:a"),
    ("y ~ x + x", "y ~ 1 + x"),
    ("y ~ a*b - a", "y ~ 1 + b + b:a"),
    ("y ~ -x + z", "y ~ 1 + z"),
    ("y ~ (1 + x):z", "y ~ 1 + z + z:x"),
    # --- the intercept -------------------------------------------------------------------
    ("y ~ x - 1", "y ~ 0 + x"),
    ("y ~ -1 + x", "y ~ 0 + x"),
    ("y ~ 0 + x", "y ~ 0 + x"),
    ("y ~ x + 0", "y ~ 0 + x"),
    ("y ~ 0 + x + 1", "y ~ 1 + x"),
    ("y ~ x - 1 - 0", "y ~ 1 + x"),
    ("y ~ a + -1", "y ~ 0 + a"),
    ("y ~ +a + +b", "y ~ 1 + a + b"),
    ("y ~ 1", "y ~ 1"),
    ("y ~ 0", "y ~ 0"),
    ("y ~ 0 + (1 | g)", "y ~ 0 + (1 | g)"),
    ("y ~ (1 | g)", "y ~ 1 + (1 | g)"),
    # --- random-effect terms -------------------------------------------------------------
    ("y ~ x + (0 + x | g)", "y ~ 1 + x + (0 + x | g)"),
    ("y ~ x + (-1 + x | g)", "y ~ 1 + x + (0 + x | g)"),
    ("y ~ x + (x - 1 | g)", "y ~ 1 + x + (0 + x | g)"),
    ("y ~ (x*z | g)", "y ~ 1 + (1 + x + z + x:z | g)"),
    ("y ~ (x:z | g)", "y ~ 1 + (1 + x:z | g)"),
    ("y ~ (x + z || g)", "y ~ 1 + (1 | g) + (0 + x | g) + (0 + z | g)"),
    ("y ~ (0 + x + z || g)", "y ~ 1 + (0 + x | g) + (0 + z | g)"),
    ("y ~ (1 | a:b)", "y ~ 1 + (1 | a:b)"),
    ("y ~ (1 | a/b/c)", "y ~ 1 + (1 | a) + (1 | b:a) + (1 | c:(b:a))"),
    ("y ~ (x | a/b)", "y ~ 1 + (1 + x | a) + (1 + x | b:a)"),
    ("y ~ (x || a/b)", "y ~ 1 + (1 | a) + (1 | b:a) + (0 + x | a) + (0 + x | b:a)"),
    ("y ~ (1 | g) + (0 + x | g)", "y ~ 1 + (1 | g) + (0 + x | g)"),
    # a block written twice is two variance components, as in lme4
    ("y ~ (1 | g) + (1 | g)", "y ~ 1 + (1 | g) + (1 | g)"),
    ("y ~ (1 | plate) + (1 | plate) + (1 | sample)", "y ~ 1 + (1 | plate) + (1 | plate) + (1 | sample)"),
    ("y ~ (1 | g) + (1 | h) + (x | g)", "y ~ 1 + (1 | g) + (1 | h) + (1 + x | g)"),
    ("y ~ x + ((1 | g))", "y ~ 1 + x + (1 | g)"),
    # lme4's nobars drops the bar first: (1 | g) - 1 leaves "1", so the intercept stays
    ("y ~ (1 | g) - 1", "y ~ 1 + (1 | g)"),
    ("y ~ 0 + (1 | g)", "y ~ 0 + (1 | g)"),
    # random terms where lme4's findbars finds them: without parentheses, inside * : -
    ("Yield ~ 1 | Batch", "Yield ~ 1 + (1 | Batch)"),
    ("log(y) ~ x | z", "log(y) ~ 1 + (1 + x | z)"),
    ("y ~ x + 1 | g", "y ~ 1 + (1 + x | g)"),
    ("y ~ x * (1 | g)", "y ~ 1 + x + (1 | g)"),
    ("y ~ x:(1 | g)", "y ~ 1 + x + (1 | g)"),
    ("y ~ x - (1 | g)", "y ~ 1 + x + (1 | g)"),
    ("y ~ (1 | g) - x", "y ~ 1 + x + (1 | g)"),
    # 0 inside a product drops the intercept, as R's terms()
    ("y ~ a * 0", "y ~ 0 + a"),
    ("y ~ x:0", "y ~ 0"),
    # covariance tags: us is the default, diag is ||, cs and ar1 are kept
    ("y ~ us(1 + x | g)", "y ~ 1 + (1 + x | g)"),
    ("y ~ diag(1 + x | g)", "y ~ 1 + (1 | g) + (0 + x | g)"),
    ("y ~ cs(1 + x | g)", "y ~ 1 + cs(1 + x | g)"),
    ("y ~ ar1(0 + time | g)", "y ~ 1 + ar1(0 + time | g)"),
    ("y ~ glmmTMB::ar1(0 + time | g) + (1 | h)", "y ~ 1 + ar1(0 + time | g) + (1 | h)"),
    ("y ~ cs(x | a/b)", "y ~ 1 + cs(1 + x | a) + cs(1 + x | b:a)"),
    # --- names, functions, offsets -------------------------------------------------------
    ("y ~ sch.id + .x + my_var", "y ~ 1 + sch.id + .x + my_var"),
    ("`my y` ~ `my var` + (1 | `school id`)", "`my y` ~ 1 + `my var` + (1 | `school id`)"),
    ("log(y) ~ x", "log(y) ~ 1 + x"),
    ("y ~ I(x^2) + log(x) + exp(x) + sqrt(x) + abs(x)",
     "y ~ 1 + I(x^2) + log(x) + exp(x) + sqrt(x) + abs(x)"),
    ("y ~ I(x**2)", "y ~ 1 + I(x^2)"),
    ("y ~ x + I(x^2) + (x + I(x^2) | g)", "y ~ 1 + x + I(x^2) + (1 + x + I(x^2) | g)"),
    ("y ~ log(x):z", "y ~ 1 + log(x):z"),
    ("y ~ x + offset(log(n))", "y ~ 1 + x + offset(log(n))"),
    ("y ~ offset(z) + x + (1 | g)", "y ~ 1 + x + offset(z) + (1 | g)"),
    ("y ~ x # a comment\n + (1 | g)", "y ~ 1 + x + (1 | g)"),
    # what the user wrote stays written (R's deparse: spaces around + - *, none around / ^ :)
    ("distance ~ I(age - 11) + (I(age - 11) | Subject)",
     "distance ~ 1 + I(age - 11) + (1 + I(age - 11) | Subject)"),
    ("y ~ log(Days+1) + offset(0.5*Days)", "y ~ 1 + log(Days + 1) + offset(0.5 * Days)"),
    ("y ~ offset(Days/2)", "y ~ 1 + offset(Days/2)"),
    ("y ~ I(a*b) + I(b*a)", "y ~ 1 + I(a * b) + I(b * a)"),
    ("y ~ I(sqrt(2) * x) + I(log(2) * x)", "y ~ 1 + I(sqrt(2) * x) + I(log(2) * x)"),
    ("y ~ I(x*1e5) + I(x/1e-4) + I(x^-1) + I(-x)", "y ~ 1 + I(x * 1e+05) + I(x/1e-04) + I(x^-1) + I(-x)"),
    ("y ~ I((a + b)^2)", "y ~ 1 + I((a + b)^2)"),
    ("y ~ poly(x, 2) + poly(x, 2, raw = TRUE)", "y ~ 1 + poly(x, 2) + poly(x, 2, raw = TRUE)"),
    ("y ~ scale(x) + splines::ns(x, df = 3) + bs(x) + round(x, 1)",
     "y ~ 1 + scale(x) + splines::ns(x, df = 3) + bs(x) + round(x, 1)"),
    ("y ~ cut(x, breaks = c(0, 5, 10), labels = 'a')", 'y ~ 1 + cut(x, breaks = c(0, 5, 10), labels = "a")'),
    ("y ~ log(x, base = 2) + log10(x)", "y ~ 1 + log(x, base = 2) + log10(x)"),
    ("cbind(incidence, size - incidence) ~ period + (1 | herd)",
     "cbind(incidence, size - incidence) ~ 1 + period + (1 | herd)"),
    ("incidence/size ~ period + (1 | herd)", "incidence/size ~ 1 + period + (1 | herd)"),
    ("y ~ x + offset(10)", "y ~ 1 + x + offset(10)"),
    # factor()/as.factor(): one spelling; a grouping factor is categorical anyway
    ("y ~ factor(year) + (1 | id)", "y ~ 1 + factor(year) + (1 | id)"),
    ("y ~ as.factor(wave) * treat + (1 | id)",
     "y ~ 1 + factor(wave) + treat + factor(wave):treat + (1 | id)"),
    ("y ~ factor(wave) + (0 + as.factor(wave) | id)", "y ~ 1 + factor(wave) + (0 + factor(wave) | id)"),
    ("y ~ x + (1 | factor(school)/as.factor(class))", "y ~ 1 + x + (1 | school) + (1 | class:school)"),
    ("y ~ factor(`wave no`):x", "y ~ 1 + factor(`wave no`):x"),
    ("lme4::lmer(formula = y ~ x + (1 | g), data = d, REML = TRUE,\n"
     "           control = lmerControl(optimizer = \"bobyqa\"))",
     "y ~ 1 + x + (1 | g)"),
]


@pytest.mark.parametrize(("formula", "canonical"), EXPANSIONS)
def test_formula_expands_as_lme4(formula: str, canonical: str) -> None:
    assert format_formula(parse_formula(formula)) == canonical


@pytest.mark.parametrize(("formula", "canonical"), EXPANSIONS)
def test_canonical_formula_is_a_fixed_point(formula: str, canonical: str) -> None:
    model = parse_formula(canonical)
    assert model == parse_formula(formula)
    assert format_formula(model) == canonical


def test_expansion_table_is_large() -> None:
    assert len(EXPANSIONS) >= 40


SLOPE_MODEL = Model(
    response=sp.Symbol("Y"),
    fixed=(Term.of("R"), Term.of("Z"), Term.of("X"), Term.of("S"), Term.of("R", "Z")),
    random=(RandomBlock(True, (Term.of("R"),), ("id",)),),
)


@pytest.mark.parametrize("spelling", [
    "Y ~ R * Z + X + S + (R|id)",
    "Y ~ 1 + R * Z + X + S + (1 + R|id)",
    "Y ~ 1 + Z + S + R + Z:R + X + (1 + R|id)",
    "lmer( Y ~ 1 + Z + S + R + Z:R + X + (1 + R|id), data=dat )",
])
def test_seed_001_slope_model_spellings_give_one_ir(spelling: str) -> None:
    assert parse_formula(spelling) == SLOPE_MODEL


HAND_BUILT = [
    ("Reaction ~ Days + (Days || Subject)",
     Model(sp.Symbol("Reaction"), True, (Term.of("Days"),),
           (RandomBlock(True, (), ("Subject",)), RandomBlock(False, (Term.of("Days"),), ("Subject",))))),
    ("strength ~ 1 + (1 | batch/cask)",
     Model(sp.Symbol("strength"), True, (),
           (RandomBlock(True, (), ("batch",)), RandomBlock(True, (), ("batch", "cask"))))),
    ("log(y) ~ 0 + I(x^2) + offset(log(n)) + (1 | a:b)",
     Model(sp.log(sp.Symbol("y")), False, (Term((sp.Symbol("x") ** 2,)),),
           (RandomBlock(True, (), ("a", "b")),), (sp.log(sp.Symbol("n")),))),
    ("y ~ as.factor(wave) + (factor(wave) | factor(id))",
     Model(sp.Symbol("y"), True, (Term((categorical("wave"),)),),
           (RandomBlock(True, (Term((categorical("wave"),)),), ("id",)),))),
    ("y ~ I((a + b)/2) + I(x - 1)",
     Model(sp.Symbol("y"), True,
           (Term(((sp.Symbol("a") + sp.Symbol("b")) / 2,), ("I((a + b)/2)",)),
            Term((sp.Symbol("x") - 1,), ("I(x - 1)",))))),
    ("y ~ (1 | g) + (1 | g)",
     Model(sp.Symbol("y"), True, (),
           (RandomBlock(True, (), ("g",)), RandomBlock(True, (), ("g",), occurrence=1)))),
    ("y ~ cs(1 + x | g)",
     Model(sp.Symbol("y"), True, (), (RandomBlock(True, (Term.of("x"),), ("g",), "cs"),))),
]


@pytest.mark.parametrize(("formula", "model"), HAND_BUILT)
def test_formula_gives_the_hand_built_model(formula: str, model: Model) -> None:
    parsed = parse_formula(formula)
    assert parsed == model
    assert parsed.random == model.random  # block order is part of the contract, not only the set


def test_grouping_keeps_the_order_written() -> None:
    block = parse_formula("y ~ (1 | dept:service)").random[0]
    assert block.grouping == ("dept", "service")
    assert block.group_label == "dept:service"


def test_numbers_are_exact() -> None:
    (term,) = parse_formula("y ~ I(0.5 * x) + (1 | g)").fixed
    assert term.factors == (sp.Rational(1, 2) * sp.Symbol("x"),)
