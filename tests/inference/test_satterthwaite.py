"""Satterthwaite df and p-values against lmerTest 3 (every reference in tests/data and tests/data/lme4_extra).

Two comparisons per reference. At lme4's own θ̂ the computation alone is compared: df to 1e-5 and p
to 1e-4 relative (measured: ≤ 6e-7 and ≤ 3e-5). From our own fit, end to end: df to 1e-3 (measured
≤ 2.4e-4). There p is compared to 1e-3 relative or, failing that, its logarithm to 1e-3 relative:
our optimum differs from lme4's by ~1e-4 in θ (ours has the lower criterion), which moves df by
~1e-4, and a p-value deep in the tail amplifies that — p = 3.6e-7 at df 5.5 (penicillin) changes
by 13× the relative change of df — so its relative error measures the optimum, not this code.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from notation.fitting import FitResult, ProfiledDeviance, fit
from notation.fitting.estimates import estimate
from notation.inference import satterthwaite
from notation.inference.richardson import derivatives
from notation.parse.formula import parse_formula
from notation.report import fit_json, summary

DATA = Path(__file__).resolve().parent.parent / "data"
# lmerTest differences its deviance on the data's own scale: for a response in units of 1e6 its df are off
# (x: 1,482,892 where the same data in units of 1 give 699.2, and lmerTest warns of an eigenvalue near zero).
# Ours are invariant to the scale, so huge_scale_reml is compared with lmerTest on the rescaled response
# (huge_scale_unit_reml) in test_df_do_not_depend_on_the_response_scale instead.
_SCALE_DEPENDENT = {"huge_scale_reml"}
REFERENCES = [p for p in sorted(DATA.glob("*.json")) + sorted((DATA / "lme4_extra").glob("*.json"))
              if p.stem not in _SCALE_DEPENDENT]


def _fit(path: Path) -> tuple[dict[str, Any], FitResult]:
    reference = json.loads(path.read_text())
    data = pd.read_csv(path.parent / reference["data"], dtype={c: str for c in reference["factors"]})
    return reference, fit(parse_formula(reference["formula"]), data, reml=reference["reml"])


@pytest.fixture(scope="module", params=REFERENCES, ids=[p.stem for p in REFERENCES])
def fitted(request: pytest.FixtureRequest) -> tuple[dict[str, Any], FitResult]:
    return _fit(request.param)


def _at_theta(result: FitResult, theta: np.ndarray) -> FitResult:
    """The same model with the estimates at another θ (lme4's), as if our optimiser had stopped there."""
    deviance = ProfiledDeviance(result.problem.statistics, result.reml)
    factor = deviance.factorize(theta)
    return dataclasses.replace(result, theta=theta, factors=factor.factors,
                               estimates=estimate(deviance, factor))


def _close_p(ours: float, theirs: float, rel: float) -> bool:
    if min(ours, theirs) < 1e-300:  # underflowed to 0 (STAR's intercept: t = 200)
        return max(ours, theirs) < 1e-300
    close_logs = math.isclose(math.log(ours), math.log(theirs), rel_tol=rel)
    return math.isclose(ours, theirs, rel_tol=rel) or close_logs


def test_every_reference_has_lmertest_values() -> None:
    assert len(REFERENCES) >= 19
    for path in REFERENCES:
        reference = json.loads(path.read_text())
        assert reference["df_satterthwaite"].keys() == reference["p_satterthwaite"].keys(), path.stem


def test_at_lme4_theta_the_computation_matches_lmertest(fitted: tuple[dict[str, Any], FitResult]) -> None:
    reference, result = fitted
    theta = np.atleast_1d(np.asarray(reference["theta"], dtype=np.float64))
    table = satterthwaite(_at_theta(result, theta))
    assert list(table.index) == list(reference["df_satterthwaite"])
    for name, df in reference["df_satterthwaite"].items():
        assert table.loc[name, "df"] == pytest.approx(df, rel=1e-5), name
        p = reference["p_satterthwaite"][name]
        assert table.loc[name, "Pr(>|t|)"] == pytest.approx(p, rel=1e-4), name


def test_from_our_fit_df_and_p_match_lmertest(fitted: tuple[dict[str, Any], FitResult]) -> None:
    reference, result = fitted
    ours = fit_json(result)
    assert list(ours["df_satterthwaite"]) == list(reference["df_satterthwaite"])
    for name, df in reference["df_satterthwaite"].items():
        assert ours["df_satterthwaite"][name] == pytest.approx(df, rel=1e-3), name
        p, expected = ours["p_satterthwaite"][name], reference["p_satterthwaite"][name]
        assert _close_p(p, expected, 1e-3), (name, p, expected)


@pytest.mark.parametrize("scale", [1.0, 1e-6, 1e-100, 1e100])
def test_df_do_not_depend_on_the_response_scale(scale: float) -> None:
    unit = json.loads((DATA / "lme4_extra" / "huge_scale_unit_reml.json").read_text())
    data = pd.read_csv(DATA / "lme4_extra" / unit["data"], dtype={c: str for c in unit["factors"]})
    result = fit(parse_formula("ybig ~ x + trt + (1 | g)"), data.assign(ybig=data.ybig * scale))
    table = satterthwaite(result)
    for name, df in unit["df_satterthwaite"].items():
        assert table.loc[name, "df"] == pytest.approx(df, rel=1e-5), name
        assert table.loc[name, "Pr(>|t|)"] == pytest.approx(unit["p_satterthwaite"][name], rel=1e-4), name


def test_table_columns_are_lmertest_s(fitted: tuple[dict[str, Any], FitResult]) -> None:
    _, result = fitted
    table = satterthwaite(result)
    assert list(table.columns) == ["Estimate", "Std. Error", "df", "t value", "Pr(>|t|)"]
    assert np.allclose(table["Estimate"], result.fixef)
    assert np.allclose(table["Std. Error"], result.se)
    assert np.allclose(table["t value"], result.fixef / result.se)


@pytest.mark.parametrize(("data", "formula", "name", "df"), [
    # balanced one-way layout: the intercept's df is the number of groups − 1, exactly
    ("dyestuff.csv", "Yield ~ 1 + (1 | Batch)", "(Intercept)", 5.0),
    # at the boundary (θ̂ = 0) the groups carry no variance: df = n − 1
    ("dyestuff2.csv", "Yield ~ 1 + (1 | Batch)", "(Intercept)", 29.0),
    # a balanced within-subject covariate: the residual df of the classical split-plot, n − 18 − 1
    ("sleepstudy.csv", "Reaction ~ Days + (1 | Subject)", "Days", 161.0),
])
def test_balanced_designs_give_the_classical_df(data: str, formula: str, name: str, df: float) -> None:
    result = fit(parse_formula(formula), pd.read_csv(DATA / data, dtype={"Batch": str, "Subject": str}))
    assert satterthwaite(result).loc[name, "df"] == pytest.approx(df, rel=1e-6)


def test_satterthwaite_is_computed_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fit and lme4's summary need no derivatives; lmerTest's summary asks for the table."""
    result = fit(parse_formula("Yield ~ 1 + (1 | Batch)"), pd.read_csv(DATA / "dyestuff.csv"))

    def refuse(_: FitResult) -> pd.DataFrame:
        raise AssertionError("Satterthwaite's df computed")

    printer = importlib.import_module("notation.report.summary")  # the module: the package's is the function
    monkeypatch.setattr(printer, "satterthwaite", refuse)
    assert "t value" in summary(result)
    with pytest.raises(AssertionError, match="computed"):
        summary(result, ddf="Satterthwaite")


@pytest.mark.parametrize(("function", "x", "gradient", "hessian"), [
    (lambda x: np.array([x[0] ** 3 * x[1]]), [1.5, -2.0], [[-13.5, 3.375]], [[[-18.0, 6.75], [6.75, 0.0]]]),
    (lambda x: np.array([np.exp(x[0] + 2 * x[1])]), [0.0, 0.0], [[1.0, 2.0]], [[[1.0, 2.0], [2.0, 4.0]]]),
    (lambda x: np.array([np.log(x[0]), x[0] * x[1] * x[2]]), [0.5, 2.0, 3.0],
     [[2.0, 0.0, 0.0], [6.0, 1.5, 1.0]],
     [[[-4.0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 3.0, 2.0], [3.0, 0, 0.5], [2.0, 0.5, 0]]]),
])
def test_richardson_derivatives(function: Any, x: list[float], gradient: list[list[float]],
                                hessian: list[list[list[float]]]) -> None:
    found = derivatives(function, np.array(x))
    assert np.allclose(found.value, function(np.array(x)))
    assert np.allclose(found.jacobian, gradient, rtol=1e-8, atol=1e-8)
    assert np.allclose(found.hessian, hessian, rtol=1e-6, atol=1e-6)
