"""The canonical formula printer: order, intercept spelling, names, and round trips."""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from notation.ir import Model, RandomBlock, Term, categorical
from notation.parse.formula import parse_formula
from notation.render.formula import format_formula

x, z, y = sp.symbols("x z y")

PRINTED = [
    (Model(y), "y ~ 1"),
    (Model(y, intercept=False), "y ~ 0"),
    (Model(y, fixed=(Term.of("a", "b"), Term.of("c"), Term.of("a", "b", "c"), Term.of("a"))),
     "y ~ 1 + c + a + a:b + c:a:b"),  # as R names a:b:c read after c and a
    (Model(y, intercept=False, fixed=(Term.of("x"),)), "y ~ 0 + x"),
    (Model(y, fixed=(Term.of("x"),), offsets=(sp.log(sp.Symbol("n")),),
           random=(RandomBlock(True, (), ("g",)),)),
     "y ~ 1 + x + offset(log(n)) + (1 | g)"),
    (Model(y, random=(RandomBlock(False, (Term.of("x"),), ("g",)), RandomBlock(True, (), ("a", "b")))),
     "y ~ 1 + (0 + x | g) + (1 | a:b)"),
    (Model(y, random=(RandomBlock(True, (Term.of("x"), Term.of("x", "z")), ("g",)),)),
     "y ~ 1 + (1 + x + x:z | g)"),
    (Model(sp.Symbol("my y"), fixed=(Term.of("my var"), Term((x**2,))),
           random=(RandomBlock(True, (), ("a b",)),)),
     "`my y` ~ 1 + `my var` + I(x^2) + (1 | `a b`)"),
    (Model(sp.log(y), fixed=(Term((sp.sqrt(x),)), Term((sp.exp(x),)), Term((sp.Abs(x),)))),
     "log(y) ~ 1 + sqrt(x) + exp(x) + abs(x)"),
    (Model(y, fixed=(Term((categorical("year"), x)),),
           random=(RandomBlock(False, (Term((categorical("a b"),)),), ("g",)),)),
     "y ~ 1 + factor(year):x + (0 + factor(`a b`) | g)"),
]


@pytest.mark.parametrize(("model", "text"), PRINTED)
def test_model_prints_canonically(model: Model, text: str) -> None:
    assert format_formula(model) == text
    assert parse_formula(text) == model


# ---- property: any model → canonical text → the same model ----------------------------------
NAMES = ("x", "z", "Days", "sch.id", ".w", "my_var", "my var", "a1", "TRUE", "in")
GROUPS = ("g", "Subject", "school id", "batch", "cask")


def _factor(name: str, shape: int) -> sp.Expr:
    v = sp.Symbol(name)
    shapes = (v, v**2, sp.log(v), sp.sqrt(v), sp.exp(v), sp.Abs(v), v - 1, (v + sp.Symbol("x")) / 2, 1 / v)
    return categorical(name) if shape == len(shapes) else shapes[shape]


factors = st.builds(_factor, st.sampled_from(NAMES), st.integers(0, 9))
arithmetic = st.builds(_factor, st.sampled_from(NAMES), st.integers(0, 8))  # factor() has no value
terms = st.lists(factors, min_size=1, max_size=3).map(lambda fs: Term(tuple(fs)))
groupings = st.lists(st.sampled_from(GROUPS), min_size=1, max_size=2, unique=True).map(tuple)


@st.composite
def blocks(draw: st.DrawFn) -> RandomBlock:
    intercept = draw(st.booleans())
    columns = tuple(draw(st.lists(terms, min_size=0 if intercept else 1, max_size=3)))
    return RandomBlock(intercept, columns, draw(groupings))


models = st.builds(
    Model,
    response=st.sampled_from([sp.Symbol("y"), sp.log(sp.Symbol("y")), sp.Symbol("Reaction time")]),
    intercept=st.booleans(),
    fixed=st.lists(terms, max_size=5).map(tuple),
    random=st.lists(blocks(), max_size=3, unique=True).map(tuple),
    offsets=st.lists(arithmetic, max_size=1).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(models)
def test_canonical_text_parses_back_to_the_model(model: Model) -> None:
    text = format_formula(model)
    parsed = parse_formula(text)
    assert parsed == model
    assert parsed.random == model.random
    assert format_formula(parsed) == text


# ---- property: any formula text → canonical text → the same model ---------------------------
@st.composite
def term_expressions(draw: st.DrawFn, depth: int = 2) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(["a", "b", "c", "log(d)", "I(e^2)", "`f g`", "factor(h)",
                                     "as.factor(a)"]))
    left, right = draw(term_expressions(depth - 1)), draw(term_expressions(depth - 1))
    operator = draw(st.sampled_from(["+", "*", ":", "/", "-"]))
    power = draw(st.sampled_from(["", "", "^2"]))
    return f"({left} {operator} {right}){power}"


@st.composite
def formulas(draw: st.DrawFn) -> str:
    parts = [draw(term_expressions())]
    parts += [draw(st.sampled_from(["1", "0", "-1", "+1"]))] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 3))):
        bar = draw(st.sampled_from(["|", "||"]))
        group = draw(st.sampled_from(["g", "a:b", "a/b", "s/t/u"]))
        parts.append(f"({draw(term_expressions(1))} {bar} {group})")
    return "y ~ " + " + ".join(parts)


@settings(max_examples=300, deadline=None)
@given(formulas())
def test_any_formula_prints_to_an_equivalent_canonical_formula(formula: str) -> None:
    try:
        model = parse_formula(formula)
    except Exception as exc:  # only the documented meaning errors may reject generated text
        assert type(exc).__name__ == "SpecMeaningError", (formula, exc)
        return
    text = format_formula(model)
    assert parse_formula(text) == model
    assert format_formula(parse_formula(text)) == text
