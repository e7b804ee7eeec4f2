"""notation.fit against the extra lme4 references (tests/data/lme4_extra, made by tools/make_references.R).

Each reference covers one thing the shared references do not: a cross-level interaction with a correlated
slope, ML with crossed factors, a 3-level factor predictor, I(x^2) and log(z), three nested levels, ``||``
with two slopes, a slope with no fixed counterpart, missing values, a duplicated X column, and
factor() of a numeric column in an interaction and in a random slope. Estimates
must agree with lme4 to well within their own standard errors; the criterion to 1e-6 relative.
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

EXTRA = Path(__file__).resolve().parent.parent / "data" / "lme4_extra"
REFERENCES = sorted(p.stem for p in EXTRA.glob("*.json"))


def load(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    reference = json.loads((EXTRA / f"{name}.json").read_text())
    data = pd.read_csv(EXTRA / reference["data"], dtype={column: str for column in reference["factors"]})
    ours = fit_json(fit(parse_formula(reference["formula"]), data, reml=reference["reml"]))
    return reference, ours


def group_key(name: str) -> frozenset[str]:
    """lme4 writes a nested group ``school:district`` (three levels: ``klass:(school:district)``); we may
    write ``district:school``: the same group."""
    return frozenset(name.replace("(", "").replace(")", "").split(":"))


@pytest.fixture(scope="module", params=REFERENCES)
def fitted(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    return load(request.param)


def test_there_are_references() -> None:
    assert len(REFERENCES) >= 16


def test_criterion_and_counts(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    assert ours["reml"] == reference["reml"]
    assert ours["nobs"] == reference["nobs"]
    assert ours["criterion"] == pytest.approx(reference["criterion"], rel=1e-6)
    assert ours["loglik"] == pytest.approx(reference["loglik"], rel=1e-6)
    assert ours["aic"] == pytest.approx(reference["aic"], rel=1e-6)
    assert ours["bic"] == pytest.approx(reference["bic"], rel=1e-6)
    assert {group_key(g): n for g, n in ours["ngroups"].items()} == {
        group_key(g): n for g, n in reference["ngroups"].items()
    }


def test_fixed_effects(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    # Names and order are lme4's; a dropped rank-deficient column must be absent here too.
    assert list(ours["fixef"]) == list(reference["fixef"])
    for name, value in reference["fixef"].items():
        se = reference["se"][name]
        assert ours["fixef"][name] == pytest.approx(value, abs=1e-3 * se), name
        assert ours["se"][name] == pytest.approx(se, rel=1e-3), name
    assert np.allclose(ours["vcov"], reference["vcov"], rtol=2e-3, atol=1e-9)


def _degenerate(reference: dict[str, Any]) -> bool:
    """lme4 found the Hessian at its optimum degenerate: the deviance is flat along a ridge there, and
    points along it (ours, lme4's) agree in the criterion (to 5e-12 for exam_factor_slope_ml) but
    not in θ: the 3 × 3 covariance of a factor slope is barely identified."""
    return any("degenerate" in m for m in reference.get("convergence", []))


def test_variance_components(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    tol = 3e-2 if _degenerate(reference) else 1e-3
    assert ours["sigma"] == pytest.approx(reference["sigma"], rel=1e-4)
    assert np.allclose(np.atleast_1d(ours["theta"]), np.atleast_1d(reference["theta"]), atol=tol)
    assert len(ours["varcorr"]) == len(reference["varcorr"])
    for row, expected in zip(ours["varcorr"], reference["varcorr"], strict=True):
        assert (row["var1"], row["var2"]) == (expected["var1"], expected["var2"])
        assert row["sdcor"] == pytest.approx(expected["sdcor"], rel=tol, abs=tol)


def test_random_effects(fitted: tuple[dict[str, Any], dict[str, Any]]) -> None:
    reference, ours = fitted
    ours_by_group = {group_key(g): v for g, v in ours["ranef"].items()}
    assert set(ours_by_group) == {group_key(g) for g in reference["ranef"]}
    for group, expected in reference["ranef"].items():
        got = ours_by_group[group_key(group)]
        position = {group_key(level): k for k, level in enumerate(got["levels"])}
        order = [position[group_key(level)] for level in expected["levels"]]
        tol = 3e-2 if _degenerate(reference) else 2e-3
        for term, values in expected["values"].items():
            # a singular term's modes are 0 (ours, θ = 0) or ~1e-8 (lme4's, θ = 2e-4): both nothing
            scale = max(np.std(values), 1e-4 * reference["sigma"])
            assert np.allclose(np.asarray(got["values"][term])[order], values, atol=tol * scale), term


@pytest.mark.parametrize("scale", [1e-12, 1e-6])
def test_tiny_responses_fit_the_scaled_reference(scale: float) -> None:
    """y in units of 1e-6 (and 1e-12 of the 1e6-scale reference): everything scales, nothing underflows.

    lmerTest's own Satterthwaite df are unreliable at that scale, so the reference is lme4 at scale 1e6
    and the REML criterion moves by 2(n − p) log(scale).
    """
    reference = json.loads((EXTRA / "huge_scale_reml.json").read_text())
    data = pd.read_csv(EXTRA / reference["data"])
    ours = fit(parse_formula("ytiny ~ x + trt + (1 | g)"), data.assign(ytiny=data["ybig"] * scale))
    shift = 2 * (reference["nobs"] - len(reference["fixef"])) * np.log(scale)
    assert ours.criterion == pytest.approx(reference["criterion"] + shift, rel=1e-6)
    for name, value in reference["fixef"].items():
        assert ours.fixef[name] == pytest.approx(value * scale, abs=1e-3 * reference["se"][name] * scale)
    assert ours.sigma == pytest.approx(reference["sigma"] * scale, rel=1e-4)
    assert ours.varcorr["sdcor"].iloc[0] == pytest.approx(reference["varcorr"][0]["sdcor"] * scale, rel=1e-3)
