"""FitResult: extractors, prediction, summary text and the JSON contract, on sleepstudy."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.fitting import FitResult, fit
from notation.fitting.summary import _column, abbreviate
from notation.parse.formula import parse_formula

DATA = Path(__file__).resolve().parent.parent / "data"
SLEEP = pd.read_csv(DATA / "sleepstudy.csv")


@pytest.fixture(scope="module")
def slopes() -> FitResult:
    return fit(parse_formula("Reaction ~ Days + (Days | Subject)"), SLEEP)


@pytest.fixture(scope="module")
def slopes_ml() -> FitResult:
    return fit(parse_formula("Reaction ~ Days + (Days | Subject)"), SLEEP, reml=False)


def test_fitted_plus_residuals_is_the_response(slopes: FitResult) -> None:
    assert np.allclose(slopes.fitted + slopes.residuals, SLEEP.Reaction)


def test_predict_on_the_data_is_fitted(slopes: FitResult) -> None:
    assert np.allclose(slopes.predict(SLEEP), slopes.fitted)
    population = slopes.fixef["(Intercept)"] + slopes.fixef["Days"] * SLEEP.Days
    assert np.allclose(slopes.predict(SLEEP, include_random=False), population)


def test_new_level_predicts_the_population(slopes: FitResult) -> None:
    new = pd.DataFrame({"Days": [0.0, 5.0, 5.0], "Subject": [999, 308, np.nan]})
    got = slopes.predict(new)
    b = slopes.ranef["Subject"].loc["308"]
    assert got[0] == pytest.approx(slopes.fixef["(Intercept)"])
    assert got[1] == pytest.approx(slopes.fixef["(Intercept)"] + b["(Intercept)"]
                                   + 5 * (slopes.fixef["Days"] + b["Days"]))
    assert np.isnan(got[2])


@pytest.mark.parametrize(("formula", "newdata", "include_random", "expected"), [
    # these raised: "no column 'Subject'" without the random part (lme4's re.form = NA needs none),
    # "no column 'Reaction'" for a transformed response, and KeyError on an empty frame
    ("Reaction ~ Days + (Days | Subject)", pd.DataFrame({"Days": [2.0]}), False, "population"),
    ("log(Reaction) ~ Days + (1 | Subject)", pd.DataFrame({"Days": [2.0], "Subject": [999]}), True,
     "population"),
    ("Reaction ~ phase + (1 | Subject)", pd.DataFrame({"phase": [], "Subject": []}), True, "empty"),
])
def test_predict_reads_only_the_predictors(formula: str, newdata: pd.DataFrame, include_random: bool,
                                           expected: str) -> None:
    result = fit(parse_formula(formula), SLEEP.assign(phase=np.where(SLEEP.Days < 5, "early", "late")))
    got = result.predict(newdata, include_random=include_random)
    if expected == "empty":
        assert got.empty
    else:
        assert got.tolist() == pytest.approx([result.fixef["(Intercept)"] + 2 * result.fixef["Days"]])


def test_coef_adds_fixed_and_random(slopes: FitResult) -> None:
    coef = slopes.coef["Subject"]
    ranef = slopes.ranef["Subject"]
    assert list(coef.columns) == ["(Intercept)", "Days"]
    assert np.allclose(coef["Days"], slopes.fixef["Days"] + ranef["Days"])


def test_varcorr_table(slopes: FitResult) -> None:
    table = slopes.varcorr
    assert list(table.columns) == ["grp", "var1", "var2", "vcov", "sdcor"]
    assert table.grp.tolist() == ["Subject", "Subject", "Subject", "Residual"]
    assert table.sdcor.iloc[-1] == pytest.approx(slopes.sigma)
    assert table.sdcor.iloc[2] == pytest.approx(0.066, abs=1e-3)  # lme4: 0.07 correlation


def test_information_criteria(slopes_ml: FitResult) -> None:
    assert slopes_ml.npar == 6
    assert slopes_ml.aic == pytest.approx(slopes_ml.criterion + 12)
    assert slopes_ml.loglik == pytest.approx(-875.969672244495, rel=1e-8)


def test_json_has_the_reference_keys(slopes: FitResult) -> None:
    reference = json.loads((DATA / "sleepstudy_slopes_reml.json").read_text())
    ours = json.loads(json.dumps(slopes.to_dict()))
    contract = {"formula", "reml", "criterion", "loglik", "aic", "bic", "nobs", "ngroups", "fixef", "se",
                "vcov", "theta", "sigma", "varcorr", "ranef"}
    assert contract <= set(reference) and contract | {"fit_seconds"} <= set(ours)
    assert ours["ranef"]["Subject"]["levels"] == reference["ranef"]["Subject"]["levels"]
    assert ours["fit_seconds"] > 0


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
    assert line in slopes.summary()


def test_ml_summary_has_the_likelihood_table(slopes_ml: FitResult) -> None:
    text = slopes_ml.summary()
    assert "Linear mixed model fit by maximum likelihood  ['lmerMod']" in text
    assert "     AIC      BIC   logLik deviance df.resid " in text
    assert "  1763.9   1783.1   -876.0   1751.9      174 " in text


@pytest.mark.parametrize(("name", "short"), [
    ("(Intercept)", "(Intr)"), ("Days", "Days"), ("service1", "servc1"), ("recipeB:temp", "rcpB:t"),
])
def test_abbreviate_as_r(name: str, short: str) -> None:
    assert abbreviate(name) == short


def test_offset_is_subtracted_and_added_back() -> None:
    data = SLEEP.assign(known=0.5 * SLEEP.Days)
    with_offset = fit(parse_formula("Reaction ~ Days + offset(known) + (1 | Subject)"), data)
    shifted = fit(parse_formula("Reaction ~ Days + (1 | Subject)"),
                  data.assign(Reaction=data.Reaction - data.known))
    assert with_offset.fixef["Days"] == pytest.approx(shifted.fixef["Days"], rel=1e-9)
    assert with_offset.criterion == pytest.approx(shifted.criterion, rel=1e-12)
    assert np.allclose(with_offset.fitted, shifted.fitted + data.known)
    assert np.allclose(with_offset.predict(data), with_offset.fitted)


def test_new_level_of_a_fixed_factor_is_an_error() -> None:
    from notation.errors import DataError

    cake = pd.read_csv(DATA / "cake.csv", dtype={"replicate": str})
    result = fit(parse_formula("angle ~ recipe + temp + (1 | replicate)"), cake)
    with pytest.raises(DataError, match="recipe"):
        result.predict(cake.head(2).assign(recipe="Z"))


@pytest.mark.parametrize("dtype", ["string[python]", "category"])
def test_factor_column_kinds_agree(dtype: str) -> None:
    cake = pd.read_csv(DATA / "cake.csv", dtype={"replicate": str})
    model = parse_formula("angle ~ recipe + temp + (1 | replicate)")
    text = fit(model, cake)
    other = fit(model, cake.astype({"recipe": dtype, "replicate": dtype}))
    assert list(other.fixef.index) == ["(Intercept)", "recipeB", "recipeC", "temp"]
    assert other.criterion == pytest.approx(text.criterion, rel=1e-12)
    assert np.allclose(other.fixef, text.fixef)


def test_summary_lists_several_groupings_as_lme4() -> None:
    data = pd.read_csv(DATA / "penicillin.csv")
    text = fit(parse_formula("diameter ~ 1 + (1 | plate) + (1 | sample)"), data).summary()
    assert "Number of obs: 144, groups:  plate, 24; sample, 6" in text


@pytest.mark.parametrize("line", [
    " Subject   (Intercept) 627.5",
    " Subject.1 Days         35.8",
])
def test_summary_labels_a_second_block_on_a_grouping_as_lme4(line: str) -> None:
    """lme4 prints (1 | Subject) + (0 + Days | Subject) as groups ``Subject`` and ``Subject.1``."""
    model = parse_formula("Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)")
    assert line in fit(model, SLEEP).summary()


@pytest.mark.parametrize(("formula", "ending"), [
    # lme4 1.1-31 on sleepstudy with D2 = Days: the data's message under "fit warnings:", no optimizer line
    ("Reaction ~ Days + D2 + (1 | Subject)",
     "Days -0.371\nfit warnings:\n"
     "fixed-effect model matrix is rank deficient so dropping 1 column / coefficient\n"),
    ("Reaction ~ Days + (1 | Subject)", "Days -0.371\n"),
])
def test_summary_closing_lines_as_lme4(formula: str, ending: str) -> None:
    text = fit(parse_formula(formula), SLEEP.assign(D2=SLEEP["Days"])).summary()
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
