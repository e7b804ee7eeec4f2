"""Size: long formulas are read (no recursion limit, no "File name too long"), and what no double can
hold or no parser should wait for is a clear limit — a NotationError, never a hang or a crash."""

from __future__ import annotations

import time

import pytest

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.parse.formula import MAX_LENGTH, parse_formula
from notation.render.formula import format_formula


@pytest.mark.parametrize("count", [500, 1000, 3000])
def test_a_formula_of_thousands_of_terms_is_read(count: int) -> None:
    text = "y ~ " + " + ".join(f"x{i}" for i in range(count)) + " + (1 | g)"
    model = parse_formula(text)
    assert len(model.fixed) == count
    assert parse_formula(format_formula(model)) == model


def test_deeply_nested_parentheses_are_read() -> None:
    model = parse_formula("y ~ I(" + "(" * 800 + "x" + ")" * 800 + "^2) + (1 | g)")
    assert model.fixed[0].label.startswith("I(((")


def test_interactions_of_many_factors_are_read() -> None:
    model = parse_formula("y ~ " + ":".join(f"f{i}" for i in range(200)) + " + (1 | g)")
    assert model.fixed[0].order == 200


@pytest.mark.parametrize("text", [
    "y ~ I(x^(10^10^10))", "7^10^1000 ~ x", "y ~ I(x*10^5000)", "y ~ I(x^(2^2^2^2^2))", "y ~ I(x^1e7)",
])
def test_numbers_beyond_a_double_are_a_clear_error_at_once(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(SpecMeaningError):
        parse_formula(text)
    assert time.perf_counter() - started < 2


def test_a_long_number_is_a_clear_error() -> None:
    with pytest.raises(SpecMeaningError, match="characters long"):
        parse_formula("y ~ I(x * " + "9" * 1000 + ")")


def test_literals_beyond_a_double_read_as_r_reads_them() -> None:
    # R reads 1e5000 as Inf; exactly it would be a 5000-digit integer for nothing
    (term,) = parse_formula("y ~ I(x * 1e5000) + (1 | g)").fixed
    assert term.label == "I(x * Inf)"


def test_text_beyond_the_size_limit_is_refused() -> None:
    with pytest.raises(SpecSyntaxError, match="characters long"):
        parse_formula("y ~ x" + " + x" * (MAX_LENGTH // 4))


def test_every_limit_is_a_notation_error() -> None:
    assert issubclass(SpecMeaningError, NotationError) and issubclass(SpecSyntaxError, NotationError)
