"""FitResult: lme4's extractors and prediction, on sleepstudy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.fitting import FitResult, fit
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
