"""notation.fit against the ten lme4 1.1-31 reference fits (tests/data/*.json, from shared/reference).

Columns R held as factors are read as text (``factors`` in each reference), as a user's CSV with
string codes would be. Tolerances are the project's: criterion 1e-6 relative, fixed effects 1e-4,
standard errors, SDs and correlations 1e-3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from notation.fitting import fit
from notation.parse.formula import parse_formula
from notation.report import fit_json

DATA = Path(__file__).resolve().parent.parent / "data"
REFERENCES = sorted(p.stem for p in DATA.glob("*.json"))


def _fit(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    reference = json.loads((DATA / f"{name}.json").read_text())
    data = pd.read_csv(DATA / reference["data"], dtype={c: str for c in reference["factors"]})
    result = fit(parse_formula(reference["formula"]), data, reml=reference["reml"])
    return reference, fit_json(result)


@pytest.fixture(scope="module", params=REFERENCES)
def fitted(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    return _fit(request.param)


def _group(name: str) -> frozenset[str]:
    return frozenset(name.split(":"))


def test_all_ten_references_are_here() -> None:
    assert len(REFERENCES) == 10


def test_criterion(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    assert ours["reml"] == reference["reml"]
    assert ours["nobs"] == reference["nobs"]
    # equal to 1e-6, or lower than lme4's (a better optimum)
    assert ours["criterion"] <= reference["criterion"] * (1 + 1e-6)
    assert ours["criterion"] == pytest.approx(reference["criterion"], rel=1e-6)
    for key in ("loglik", "aic", "bic"):
        assert ours[key] == pytest.approx(reference[key], rel=1e-6), key
    assert {_group(g): n for g, n in ours["ngroups"].items()} == {
        _group(g): n for g, n in reference["ngroups"].items()}


def test_fixed_effects(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    assert list(ours["fixef"]) == list(reference["fixef"])
    for name, value in reference["fixef"].items():
        assert ours["fixef"][name] == pytest.approx(value, rel=1e-4, abs=1e-4 * reference["se"][name]), name
        assert ours["se"][name] == pytest.approx(reference["se"][name], rel=1e-3), name
    assert np.allclose(ours["vcov"], reference["vcov"], rtol=2e-3, atol=1e-12)


def test_variance_components(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    assert ours["sigma"] == pytest.approx(reference["sigma"], rel=1e-3)
    assert len(ours["varcorr"]) == len(reference["varcorr"])
    for row, expected in zip(ours["varcorr"], reference["varcorr"], strict=True):
        assert _group(row["grp"]) == _group(expected["grp"])
        assert (row["var1"], row["var2"]) == (expected["var1"], expected["var2"])
        assert row["sdcor"] == pytest.approx(expected["sdcor"], rel=1e-3, abs=1e-3), row


def test_conditional_modes(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    by_group = {_group(g): v for g, v in ours["ranef"].items()}
    for group, expected in reference["ranef"].items():
        got = by_group[_group(group)]
        position = {_group(level): k for k, level in enumerate(got["levels"])}
        order = [position[_group(level)] for level in expected["levels"]]
        for term, values in expected["values"].items():
            scale = max(float(np.std(values)), 1e-6)
            assert np.allclose(np.asarray(got["values"][term])[order], values, atol=2e-3 * scale), term


def test_singular_fit_is_recognised() -> None:
    reference = json.loads((DATA / "dyestuff2_boundary_reml.json").read_text())
    data = pd.read_csv(DATA / "dyestuff2.csv", dtype={"Batch": str})
    result = fit(parse_formula(reference["formula"]), data)
    assert result.is_singular
    assert "boundary (singular) fit: see help('isSingular')" in result.warnings
    assert result.theta.tolist() == [0.0]


@pytest.mark.parametrize("name", ["dyestuff_reml", "sleepstudy_slopes_reml", "penicillin_crossed_reml"])
def test_regular_fits_have_no_warnings(name: str) -> None:
    reference = json.loads((DATA / f"{name}.json").read_text())
    data = pd.read_csv(DATA / reference["data"], dtype={c: str for c in reference["factors"]})
    assert fit(parse_formula(reference["formula"]), data).warnings == []
