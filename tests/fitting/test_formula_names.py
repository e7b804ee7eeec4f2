"""Fits name their coefficients and variance components as lme4 does (references: lme4 1.1-31 fits in
``tests/data/formulas/lme4_name_fits.json``, made by ``tools/lme4_name_fits.R``): what the user wrote
stays written (``I(Days - 4)``, ``log(Days + 1)``, ``offset(0.5 * Days)``), an interaction is named in
R's variable order (``temp:recipeB``), a term written twice is two variance components (``plate``,
``plate.1``), and a formula without parentheses (``Reaction ~ Days | Subject``) is lme4's model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from notation.errors import DataError
from notation.fitting import fit
from notation.parse.formula import parse_formula

DATA = Path(__file__).parents[1] / "data"
CASES: list[dict[str, Any]] = json.loads(
    (DATA / "formulas" / "lme4_name_fits.json").read_text(encoding="utf-8"))


# Fits where lme4 stops short — at a singular θ (θ₄ = 0) 15 units above the optimum — and notation,
# refitting in centred, scaled columns, goes on: lme4's own deviance function (lmer(..., devFunOnly =
# TRUE)) at notation's θ, so the lower criterion is lme4's number for a better point, not another model.
LME4_AT_OUR_OPTIMUM = {"Reaction ~ poly(Days, 3, raw = TRUE) + (poly(Days, 2) | Subject)": 1732.08776374552}


@pytest.fixture(scope="module", params=CASES, ids=[c["formula"] for c in CASES])
def fitted(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Any]:
    case = request.param
    data = pd.read_csv(DATA / f"{case['data']}.csv", dtype={c: str for c in case["factors"]})
    return case, fit(parse_formula(case["formula"]), data)


def test_fixed_effects_are_lme4s_names_and_values(fitted: tuple[dict[str, Any], Any]) -> None:
    case, result = fitted
    assert list(result.fixef.index) == list(case["fixef"])
    assert result.fixef.to_numpy() == pytest.approx(list(case["fixef"].values()), rel=1e-5, abs=1e-6)


def test_criterion_is_lme4s(fitted: tuple[dict[str, Any], Any]) -> None:
    case, result = fitted
    expected = LME4_AT_OUR_OPTIMUM.get(case["formula"], case["criterion"])
    assert result.criterion == pytest.approx(expected, rel=1e-7)
    assert result.criterion <= case["criterion"] * (1 + 1e-9)


def test_variance_components_are_named_as_lme4(fitted: tuple[dict[str, Any], Any]) -> None:
    case, result = fitted
    table = result.varcorr
    assert list(table["grp"]) == case["varcorr_grp"]
    assert [v if isinstance(v, str) else "" for v in table["var1"]] == case["varcorr_var1"]
    if case["formula"] in LME4_AT_OUR_OPTIMUM:
        return  # another optimum, other values
    # a term written twice: only the sum of its variances is identified (lme4's split is its optimizer's)
    ours = _variances(list(table["grp"]), list(table["var1"]), list(table["var2"]), list(table["sdcor"]))
    assert ours == pytest.approx(_variances(case["varcorr_grp"], case["varcorr_var1"],
                                    [v or None for v in case["varcorr_var2"]], case["sdcor"]), rel=1e-3)


def _variances(groups: list[str], var1: list[Any], var2: list[Any], sdcor: list[float]) -> dict[str, float]:
    total: dict[str, float] = {}
    for i, (group, sd) in enumerate(zip(groups, sdcor, strict=True)):
        if isinstance(var2[i], str):
            continue  # a correlation
        base = group.rsplit(".", 1)[0] if group.rsplit(".", 1)[-1].isdigit() else group
        key = f"{base}|{var1[i] if isinstance(var1[i], str) else ''}"
        total[key] = total.get(key, 0.0) + sd**2
    return total


@pytest.mark.parametrize("formula", ["Reaction ~ poly(Days, 2) + (1 | Subject)",
                                     "Reaction ~ scale(Days) + (1 | Subject)",
                                     "Reaction ~ Days + (0 + ns(Days, 2) | Subject)"])
def test_functions_of_all_rows_are_refused_when_rows_are_dropped(formula: str) -> None:
    # R computes them on every row before dropping incomplete ones: on the rest they would differ
    data = pd.read_csv(DATA / "sleepstudy.csv", dtype={"Subject": str})
    data.loc[3, "Reaction"] = float("nan")
    with pytest.raises(DataError, match="depends on every row"):
        fit(parse_formula(formula), data)
