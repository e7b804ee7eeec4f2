"""lme4's printed summary of a fit, line by line, and R's number formatting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.fitting import FitResult, fit
from notation.parse.formula import parse_formula
from notation.report import summary
from notation.report.summary import _column, abbreviate

DATA = Path(__file__).resolve().parent.parent / "data"
SLEEP = pd.read_csv(DATA / "sleepstudy.csv")


@pytest.fixture(scope="module")
def slopes() -> FitResult:
    return fit(parse_formula("Reaction ~ Days + (Days | Subject)"), SLEEP)


@pytest.fixture(scope="module")
def slopes_ml() -> FitResult:
    return fit(parse_formula("Reaction ~ Days + (Days | Subject)"), SLEEP, reml=False)


@pytest.mark.parametrize("line", [
    "Linear mixed model fit by REML ['lmerMod']",
    "REML criterion at convergence: 1743.6",
    " Subject  (Intercept) 612.10   24.741",
    "          Days         35.07    5.922   0.07",
    "Number of obs: 180, groups:  Subject, 18",
    "(Intercept)  251.405      6.825  36.838",
    "Days          10.467      1.546   6.771",
    "Correlation of Fixed Effects:",
    "Days -0.138",
])
def test_summary_lines(slopes: FitResult, line: str) -> None:
    assert line in summary(slopes)


def test_ml_summary_has_the_likelihood_table(slopes_ml: FitResult) -> None:
    text = summary(slopes_ml)
    assert "Linear mixed model fit by maximum likelihood  ['lmerMod']" in text
    assert "     AIC      BIC   logLik deviance df.resid " in text
    assert "  1763.9   1783.1   -876.0   1751.9      174 " in text


@pytest.mark.parametrize(("name", "short"), [
    ("(Intercept)", "(Intr)"), ("Days", "Days"), ("service1", "servc1"), ("recipeB:temp", "rcpB:t"),
])
def test_abbreviate_as_r(name: str, short: str) -> None:
    assert abbreviate(name) == short


def test_summary_lists_several_groupings_as_lme4() -> None:
    data = pd.read_csv(DATA / "penicillin.csv")
    text = summary(fit(parse_formula("diameter ~ 1 + (1 | plate) + (1 | sample)"), data))
    assert "Number of obs: 144, groups:  plate, 24; sample, 6" in text


@pytest.mark.parametrize("line", [
    " Subject   (Intercept) 627.5",
    " Subject.1 Days         35.8",
])
def test_summary_labels_a_second_block_on_a_grouping_as_lme4(line: str) -> None:
    """lme4 prints (1 | Subject) + (0 + Days | Subject) as groups ``Subject`` and ``Subject.1``."""
    model = parse_formula("Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)")
    assert line in summary(fit(model, SLEEP))


@pytest.mark.parametrize(("formula", "ending"), [
    # lme4 1.1-31 on sleepstudy with D2 = Days: the data's message under "fit warnings:", no optimizer line
    ("Reaction ~ Days + D2 + (1 | Subject)",
     "Days -0.371\nfit warnings:\n"
     "fixed-effect model matrix is rank deficient so dropping 1 column / coefficient\n"),
    ("Reaction ~ Days + (1 | Subject)", "Days -0.371\n"),
])
def test_summary_closing_lines_as_lme4(formula: str, ending: str) -> None:
    text = summary(fit(parse_formula(formula), SLEEP.assign(D2=SLEEP["Days"])))
    assert text.endswith(ending)


@pytest.mark.parametrize(("values", "expected"), [  # R 4.2: format(values, digits = 4), padding removed
    ([9.147e-13, 3.268e-12], ["9.147e-13", "3.268e-12"]),  # a response in 1e-6 units: not 0.0000000000
    ([318743564425, 53383137718333, 1654046562618], ["3.187e+11", "5.338e+13", "1.654e+12"]),
    ([627.57, 35.86, 654.94], ["627.57", "35.86", "654.94"]),
    ([0.5, 0.25], ["0.50", "0.25"]),
    ([-1.5e-5, 2], ["-1.5e-05", "2.0e+00"]),
    ([1136416, 80706], ["1136416", "80706"]),
    ([0, 1.25], ["0.00", "1.25"]),
])
def test_numbers_are_formatted_as_r(values: list[float], expected: list[str]) -> None:
    assert _column(values) == expected


def test_a_correlation_with_a_zero_sd_prints_as_nan(slopes: FitResult) -> None:
    """The table is printed from the VarCorr rows; a zero SD leaves its correlation NaN, as R prints it."""
    degenerate = dataclasses.replace(slopes, factors=[np.array([[1.0, 0.0], [0.0, 0.0]])])
    assert "          Days          0.0     0.00    NaN " in summary(degenerate)
