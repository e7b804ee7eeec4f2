"""lmerTest's printed fixed-effects table: R's format / format.pval rules and the summary layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from notation.fitting import FitResult, fit
from notation.inference import satterthwaite
from notation.parse.formula import parse_formula
from notation.report import summary
from notation.report.coefmat import format_pvalues, r_format, satterthwaite_lines

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def sleep() -> FitResult:
    return fit(parse_formula("Reaction ~ Days + (Days | Subject)"), pd.read_csv(DATA / "sleepstudy.csv"))


@pytest.mark.parametrize(("values", "shown"), [
    ([0.5, 0.0123], ["0.5000", "0.0123"]),  # one group: common decimals
    ([0.687, 0.662, 1.34e-07], ["0.687", "0.662", "1.34e-07"]),  # below 1e-3: its own group
    ([3.26e-06, 1e-20], ["3.26e-06", "< 2e-16"]),  # wide neighbours: "< 2e-16"
    ([0.0123, 1e-20], ["0.0123", "<2e-16"]),  # narrow neighbours: "<2e-16"
    ([1e-30, 1e-20], ["<2e-16", "<2e-16"]),
    ([0.000123], ["0.000123"]),  # fixed is no wider than 1.23e-04
    ([1.1e-07], ["1.1e-07"]),  # trailing zeros dropped
])
def test_pvalues_as_r_format_pval(values: list[float], shown: list[str]) -> None:
    assert format_pvalues(values) == shown


@pytest.mark.parametrize(("values", "digits", "shown"), [
    ([251.405, 10.467, 6.825, 1.546, 17.0], 4, ["251.405", " 10.467", "  6.825", "  1.546", " 17.000"]),
    ([78.8], 4, ["78.8"]),
    ([1527.5, 19.38, 5.0], 4, ["1527.50", "  19.38", "   5.00"]),
    # fixed would need 11 columns (sign, 3 integer digits, 6 decimals): scientific takes 10
    ([2.379365, -3.649206, 254.015744, 0.002095], 4,
     [" 2.379e+00", "-3.649e+00", " 2.540e+02", " 2.095e-03"]),
    ([-0.0, 0.0], 4, ["0", "0"]),
])
def test_r_format(values: list[float], digits: int, shown: list[str]) -> None:
    assert r_format(values, digits) == shown


def test_summary_prints_lmertest_fixed_effects(sleep: FitResult) -> None:
    text = summary(sleep, ddf="Satterthwaite")
    assert text.splitlines()[0] == (
        "Linear mixed model fit by REML. t-tests use Satterthwaite's method ['lmerModLmerTest']")
    table = text.split("Fixed effects:\n")[1].split("\n\n")[0].splitlines()
    assert table == [
        "            Estimate Std. Error      df t value Pr(>|t|)    ",
        "(Intercept)  251.405      6.825  17.000  36.838  < 2e-16 ***",
        "Days          10.467      1.546  17.000   6.771 3.26e-06 ***",
        "---",
        "Signif. codes:  0 ‘***’ 0.001 ‘**’ 0.01 ‘*’ 0.05 ‘.’ 0.1 ‘ ’ 1",
    ]
    assert "Correlation of Fixed Effects:" in text


def test_ml_title_keeps_lme4_s_space() -> None:
    result = fit(parse_formula("Reaction ~ Days + (1 | Subject)"), pd.read_csv(DATA / "sleepstudy.csv"),
                 reml=False)
    assert summary(result, ddf="satterthwaite").startswith(
        "Linear mixed model fit by maximum likelihood . t-tests use Satterthwaite's method")


def test_default_summary_stays_lme4_s(sleep: FitResult) -> None:
    text = summary(sleep)
    assert "['lmerMod']" in text and "Pr(>|t|)" not in text and "Signif. codes" not in text


def test_no_stars_without_a_small_p() -> None:
    result = fit(parse_formula("Reaction ~ 0 + Days + (1 | Subject)"), pd.read_csv(DATA / "sleepstudy.csv"))
    table = satterthwaite(result).assign(**{"Pr(>|t|)": 0.5})
    assert satterthwaite_lines(table)[1].endswith("Pr(>|t|)")
    assert not any("Signif" in line for line in satterthwaite_lines(table))


def test_unknown_ddf_is_refused(sleep: FitResult) -> None:
    with pytest.raises(ValueError, match="Kenward-Roger"):
        summary(sleep, ddf="Bonferroni")
    assert "t-tests use Kenward-Roger's method" in summary(sleep, ddf="Kenward-Roger")
