"""Property: the printed formula keeps every expression's text as the user wrote it (R's deparse form:
spaces around + - *, none around / ^, arguments after ", "), in terms, I(), functions, offsets and
the response — and reads back to the same model."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from notation.errors import SpecMeaningError
from notation.parse.formula import parse_formula
from notation.render.formula import format_formula

NAMES = ("x", "Days", "age", "sch.id", "`my var`", ".w")
_VARIABLE = re.compile(r"(?<![\w.])(?:x|Days|age|sch\.id|`my var`|\.w)(?![\w.(])")
NUMBERS = ("2", "0.5", "11", "1e+05", "1e-04", "123456", "3.25")


def _composite(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # composite operands are parenthesised, as a user must write them to mean them
    operand = children.map(lambda t: t if t.replace(".", "").replace("`", "").replace(" ", "").isalnum()
                           else f"({t})")
    return st.one_of(
        st.tuples(operand, st.sampled_from([" + ", " - ", " * ", "/", "^"]), operand).map("".join),
        children.map(lambda t: f"log({t})"),
        children.map(lambda t: f"exp({t})"),
        children.map(lambda t: f"-{t}" if t[:1] not in "-(" else f"-({t})"),
    )


expressions = st.recursive(st.one_of(st.sampled_from(NAMES), st.sampled_from(NUMBERS)), _composite,
                           max_leaves=6).filter(lambda t: _VARIABLE.search(t) is not None)


@settings(max_examples=150, deadline=None)
@given(st.lists(expressions, min_size=1, max_size=3, unique=True), expressions)
def test_printed_formula_keeps_every_expression_as_written(terms: list[str], offset: str) -> None:
    text = "y ~ " + " + ".join(f"I({t})" for t in terms) + f" + offset({offset}) + (1 | g)"
    try:
        model = parse_formula(text)
    except SpecMeaningError:  # arithmetic that cancels (x - x) leaves no variable: refused
        assume(False)
        return
    printed = format_formula(model)
    for term in terms:
        assert f"I({term})" in printed
    assert f"offset({offset})" in printed
    assert parse_formula(printed) == model
    assert format_formula(parse_formula(printed)) == printed


@settings(max_examples=60, deadline=None)
@given(expressions)
def test_the_response_is_kept_as_written(response: str) -> None:
    try:
        model = parse_formula(f"{response} ~ x + (1 | g)")
    except SpecMeaningError:  # arithmetic that cancels (exp(x - x)) leaves no variable to model
        assume(False)
        return
    assert format_formula(model).startswith(f"{response} ~ ")


def test_functions_keep_their_arguments_as_written() -> None:
    text = "y ~ poly(age, 2, raw = TRUE) + splines::ns(age, df = 3) + scale(age, center = FALSE) + (1 | g)"
    assert format_formula(parse_formula(text)) == text.replace("y ~ ", "y ~ 1 + ")
