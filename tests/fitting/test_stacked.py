"""Stacked refits (many responses, each at its own θ) against the one-by-one fitter."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from notation.data import read_data
from notation.design import compile_design
from notation.fitting import FitResult, ProfiledDeviance, fit_problem
from notation.fitting.stacked import StackedDeviance, refit_responses, stackable
from notation.inference.simulate import simulate
from notation.parse import parse_spec

DATA = Path(__file__).resolve().parent.parent / "data"
CASES = [  # (data, formula, REML): slopes, uncorrelated, crossed, nested, an offset-free ML fit
    ("sleepstudy.csv", "Reaction ~ Days + (Days | Subject)", True),
    ("sleepstudy.csv", "Reaction ~ Days + (Days || Subject)", False),
    ("penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)", True),
    ("pastes.csv", "strength ~ 1 + (1 | batch) + (1 | cask:batch)", True),
    ("sleepstudy.csv", "Reaction ~ Days + (1 | Subject)", False),
]


@functools.cache
def _fit(name: str, formula: str, reml: bool) -> FitResult:
    return fit_problem(compile_design(parse_spec(formula), read_data(str(DATA / name))), reml)


def _responses(fit: FitResult, n: int) -> np.ndarray:
    return simulate(fit.problem, fit.estimates.beta, fit.factors, fit.sigma, n, seed=11)


@pytest.mark.parametrize(("name", "formula", "reml"), CASES)
def test_stacked_deviance_is_the_profiled_deviance(name: str, formula: str, reml: bool) -> None:
    from notation.design.gram import response_blocks

    fit = _fit(name, formula, reml)
    assert stackable(fit.problem.statistics)
    Y = _responses(fit, 3)
    rows, scaling = fit.problem.rows, fit.problem.statistics.scaling
    assert rows is not None
    X = scaling.columns(rows.X)
    Yt = np.ascontiguousarray((Y - (X @ scaling.gamma)[:, None]) / scaling.y_scale)
    stacked = StackedDeviance(fit.problem.statistics, reml, *response_blocks(rows.terms, X, Yt))
    rng = np.random.default_rng(0)
    thetas = fit.theta * rng.uniform(0.5, 1.5, (6, len(fit.theta)))
    which = np.array([0, 1, 2, 2, 1, 0])
    ours = stacked.values(thetas, which)
    for theta, k, value in zip(thetas, which, ours, strict=True):
        one = ProfiledDeviance(fit.problem.with_response(Y[:, k]).statistics, reml)
        assert value == pytest.approx(one(theta), rel=1e-11)


@pytest.mark.parametrize(("name", "formula", "reml"), CASES)
def test_refits_reach_the_one_by_one_optimum(name: str, formula: str, reml: bool) -> None:
    fit = _fit(name, formula, reml)
    Y = _responses(fit, 12)
    refits = refit_responses(fit.problem, reml, Y, fit.theta)
    assert refits.converged.sum() >= 6  # the rest head for a bound: the caller's BOBYQA refits them
    for k in np.flatnonzero(refits.converged):
        alone = fit_problem(fit.problem.with_response(Y[:, k]), reml)
        assert refits.criterion[k] <= alone.criterion + 1e-7  # never a worse optimum than BOBYQA's
        np.testing.assert_allclose(refits.theta[k], alone.theta, rtol=2e-3, atol=2e-3)
        np.testing.assert_allclose(refits.beta[k], alone.estimates.beta, rtol=1e-5)
        assert refits.sigma[k] == pytest.approx(alone.sigma, rel=1e-4)
