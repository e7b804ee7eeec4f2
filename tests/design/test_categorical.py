"""factor(x) in the design: a numeric column coded as a factor, levels in R's numeric order, lme4's names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from notation.design import compile_design
from notation.parse.formula import parse_formula

FRAME = pd.DataFrame({
    "y": [1.0, 2.5, 3.1, 4.7, 5.2, 6.9, 7.1, 8.4, 9.9, 10.2, 11.5, 12.1],
    "x": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0],
    "wave": [10, 2, 1, 2, 10, 1, 2, 1, 10, 1, 2, 10],
    "score": [1.5, 2.0, 1.5, 2.0, 1.5, 2.0, 1.5, 2.0, 1.5, 2.0, 1.5, 2.0],
    "flag": [True, False] * 6,
    "code": ["10", "2", "1", "2", "10", "1", "2", "1", "10", "1", "2", "10"],
    "g": ["a", "b", "c"] * 4,
})


@pytest.mark.parametrize(("formula", "names"), [
    # numbers sort numerically as R's factor(): 1, 2, 10 (text "1", "10", "2" would not)
    ("y ~ factor(wave) + (1 | g)", ("(Intercept)", "factor(wave)2", "factor(wave)10")),
    ("y ~ as.factor(wave) + (1 | g)", ("(Intercept)", "factor(wave)2", "factor(wave)10")),
    ("y ~ 0 + factor(wave) + (1 | g)", ("factor(wave)1", "factor(wave)2", "factor(wave)10")),
    ("y ~ factor(wave) * x + (1 | g)",
     ("(Intercept)", "factor(wave)2", "factor(wave)10", "x", "factor(wave)2:x", "factor(wave)10:x")),
    ("y ~ x + factor(wave):x + (1 | g)", ("(Intercept)", "x", "x:factor(wave)2", "x:factor(wave)10")),
    # a float column of whole numbers prints its levels as R does (2, not 2.0)
    ("y ~ factor(score) + (1 | g)", ("(Intercept)", "factor(score)2")),
    ("y ~ factor(flag) + (1 | g)", ("(Intercept)", "factor(flag)TRUE")),
    # a text column: R's factor() sorts the text, as for the bare column
    ("y ~ factor(code) + (1 | g)", ("(Intercept)", "factor(code)10", "factor(code)2")),
    # the bare numeric column stays numeric
    ("y ~ wave + factor(wave) + (1 | g)", ("(Intercept)", "wave", "factor(wave)2")),
])
def test_factor_columns_are_named_as_lme4(formula: str, names: tuple[str, ...]) -> None:
    assert compile_design(parse_formula(formula), FRAME).fixed_names == names


def test_factor_codes_follow_numeric_levels() -> None:
    design = compile_design(parse_formula("y ~ 0 + factor(wave) + (1 | g)"), FRAME)
    assert design.factor_levels["factor(wave)"] == ("1", "2", "10")
    expected = np.column_stack([FRAME.wave == level for level in (1, 2, 10)]).astype(float)
    assert np.array_equal(design.rows.X, expected)


@pytest.mark.parametrize(("formula", "names"), [
    ("y ~ 1 + (0 + factor(wave) | g)", ("factor(wave)1", "factor(wave)2", "factor(wave)10")),
    ("y ~ 1 + (factor(wave) | g)", ("(Intercept)", "factor(wave)2", "factor(wave)10")),
])
def test_factor_in_a_random_slope(formula: str, names: tuple[str, ...]) -> None:
    assert compile_design(parse_formula(formula), FRAME).terms[0].names == names


def test_factor_grouping_is_the_column() -> None:
    term = compile_design(parse_formula("y ~ x + (1 | factor(wave))"), FRAME).terms[0]
    assert term.grouping == "wave"
    assert term.levels == ("1", "2", "10")


def test_many_interacting_grouping_factors_do_not_wrap() -> None:
    """66 two-level factors in one a:b:…: the product of the level counts (2⁶⁶) overflows int64, which once
    folded 4 observed combinations into 2."""
    rng = np.random.default_rng(5)
    n = 80
    frame = pd.DataFrame({"y": rng.normal(size=n)})
    names = [f"a{k}" for k in range(66)]
    for k, name in enumerate(names):
        frame[name] = rng.integers(0, 2, n).astype(str) if k in (0, 65) else np.where(k % 2, "u", "v")
    problem = compile_design(parse_formula(f"y ~ 1 + (1 | {':'.join(names)})"), frame)
    (term,) = problem.terms
    combinations = frame.groupby(["a0", "a65"]).ngroups
    assert term.nlevels == combinations == 4
    assert term.levels[0].startswith("0:u:v:") and term.levels[-1].endswith(":1")


def test_text_column_of_letters_and_digits_is_a_factor() -> None:
    """STAR's grade is K, 1, 2, 3: R makes it a factor (levels sorted as text), so must we."""
    rng = np.random.default_rng(6)
    n = 60
    frame = pd.DataFrame({"y": rng.normal(size=n), "gr": rng.choice(["K", "1", "2", "3"], n),
                          "g": rng.integers(0, 6, n).astype(str)})
    problem = compile_design(parse_formula("y ~ gr + (1 | g)"), frame)
    assert problem.fixed_names == ("(Intercept)", "gr2", "gr3", "grK")
    factor = compile_design(parse_formula("y ~ 1 + (1 | gr)"), frame)
    assert factor.terms[0].levels == ("1", "2", "3", "K")
