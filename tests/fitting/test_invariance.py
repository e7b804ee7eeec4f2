"""Fits are invariant to affine changes of the response and of fixed-effect covariates.

y → a·y + b leaves θ unchanged and maps β₀ → aβ₀ + b, β → aβ, σ → |a|σ, b̂ → a·b̂; x → c·x + d (x a
fixed effect only) maps its coefficient to β/c and the intercept to β₀ − dβ/c. The REML criterion moves by
2(n − p)·log|a| (and by 2·log|c| for x), the ML deviance by 2n·log|a|. lme4 itself fits y + 10⁶ well,
but a fit on the raw sums of squares of y + 10⁷ loses 14 of 16 digits; the design standardises [X y].
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from notation.fitting import FitResult, fit
from notation.inference import satterthwaite
from notation.parse.formula import parse_formula

RNG = np.random.default_rng(11)
N = 240
GROUPS = np.repeat(np.arange(20), 12)
X = RNG.normal(size=N)
W = RNG.normal(size=N)
Y = 3 + 0.5 * X - 0.8 * W + np.repeat(RNG.normal(size=20), 12) + X * np.repeat(RNG.normal(0, 0.4, 20), 12) \
    + RNG.normal(size=N)
FRAME = pd.DataFrame({"y": Y, "x": X, "w": W, "g": GROUPS.astype(str)})
FORMULA = "y ~ x + w + (x | g)"


def _fit(frame: pd.DataFrame, reml: bool = True) -> FitResult:
    return fit(parse_formula(FORMULA), frame, reml=reml)


BASE = {reml: _fit(FRAME, reml) for reml in (True, False)}


@pytest.mark.parametrize("reml", [True, False])
@pytest.mark.parametrize(("a", "b"), [(1.0, 1e6), (1.0, 1e7), (1.0, -1e8), (1e-100, 0.0), (1e100, 0.0),
                                      (-3.0, 5.0), (1e-150, 1e-148), (1e140, 0.0)])
def test_response_affine(a: float, b: float, reml: bool) -> None:
    base = BASE[reml]
    moved = _fit(FRAME.assign(y=a * FRAME.y + b), reml)
    assert np.allclose(moved.theta, base.theta, rtol=1e-5, atol=1e-6)
    expected = base.fixef * a
    expected["(Intercept)"] += b
    assert np.allclose(moved.fixef, expected, rtol=1e-6, atol=1e-7 * abs(a) + 1e-12 * abs(b))
    assert moved.sigma == pytest.approx(abs(a) * base.sigma, rel=1e-6)
    assert np.allclose(moved.se, abs(a) * base.se, rtol=1e-5)
    assert np.allclose(moved.vcov, a * a * base.vcov, rtol=1e-5, atol=1e-8 * a * a)
    shift = 2 * (base.nobs - (base.problem.p if reml else 0)) * math.log(abs(a))
    assert moved.criterion == pytest.approx(base.criterion + shift, rel=1e-9, abs=1e-6)
    ranef, expected_ranef = moved.ranef["g"].to_numpy(), a * base.ranef["g"].to_numpy()
    assert np.allclose(ranef, expected_ranef, rtol=1e-4, atol=1e-5 * abs(a))
    assert not [w for w in moved.warnings if "converge" in w or "Hessian" in w]


@pytest.mark.parametrize(("c", "d"), [(1.0, 1e6), (1e-3, 0.0), (1e5, -3e7), (-2.0, 0.5)])
def test_fixed_covariate_affine(c: float, d: float) -> None:
    """w is a fixed effect only: its shift and scale change its coefficient and the intercept only."""
    base = BASE[True]
    moved = _fit(FRAME.assign(w=c * FRAME.w + d))
    assert np.allclose(moved.theta, base.theta, rtol=1e-5, atol=1e-6)
    assert moved.fixef["w"] == pytest.approx(base.fixef["w"] / c, rel=1e-6)
    intercept = base.fixef["(Intercept)"] - d * base.fixef["w"] / c
    assert moved.fixef["(Intercept)"] == pytest.approx(intercept, rel=1e-6, abs=1e-6 * abs(intercept) + 1e-8)
    assert moved.fixef["x"] == pytest.approx(base.fixef["x"], rel=1e-6)
    assert moved.se["w"] == pytest.approx(base.se["w"] / abs(c), rel=1e-5)
    assert moved.sigma == pytest.approx(base.sigma, rel=1e-6)
    # REML's log|R_X|² moves by 2 log|c| with the column: the criterion is not scale-free, as lme4's
    assert moved.criterion == pytest.approx(base.criterion + 2 * math.log(abs(c)), rel=1e-9, abs=1e-6)


@pytest.mark.parametrize(("c", "d"), [(1.0, 100.0), (0.01, 100.0), (1.0, 1e4), (100.0, 0.0), (1e-3, 0.0)])
def test_random_slope_covariate_affine(c: float, d: float) -> None:
    """x has a random slope: x → c·x + d reparametrises (1 + x | g) — the same model, so the REML
    criterion moves by 2·log|c| only (lme4 stops 40 units short on x·0.01 + 100) and ψ maps as
    ψ' = A⁻¹ψA⁻ᵀ with x' = c·x + d: the slope's variance by 1/c², the intercept's to that of the
    intercept at x = −d/c. The estimates come from the data's Gram blocks, where x + 10⁴ squared
    keeps 8 of 16 digits: hence 1e-4."""
    base = BASE[True]
    moved = _fit(FRAME.assign(x=c * FRAME.x + d))
    assert moved.criterion == pytest.approx(base.criterion + 2 * math.log(abs(c)), rel=1e-9, abs=1e-6)
    assert moved.fixef["x"] == pytest.approx(base.fixef["x"] / c, rel=1e-4)
    assert moved.sigma == pytest.approx(base.sigma, rel=1e-5)
    psi, psi_moved = _slope_covariance(base), _slope_covariance(moved)
    A_inverse = np.array([[1.0, -d / c], [0.0, 1.0 / c]])  # b' = A⁻¹b for z' = z·A, A = [[1, d], [0, c]]
    far = abs(d / c) >= 1e3  # θ in the data's columns is then conditioned ~(d/c)²: its digits go
    assert np.allclose(psi_moved, A_inverse @ psi @ A_inverse.T, rtol=1e-3 if far else 1e-4,
                       atol=1e-6 * np.abs(psi_moved).max())


def _slope_covariance(result: FitResult) -> np.ndarray:
    T = np.array([[result.theta[0], 0.0], [result.theta[1], result.theta[2]]])
    return result.sigma**2 * T @ T.T


@pytest.mark.parametrize(("a", "b"), [(1.0, 1e7), (1e-100, 0.0), (1e100, 0.0)])
def test_satterthwaite_is_scale_free(a: float, b: float) -> None:
    base = satterthwaite(BASE[True])
    moved = satterthwaite(_fit(FRAME.assign(y=a * FRAME.y + b)))
    assert np.allclose(moved["df"], base["df"], rtol=1e-5)
    assert np.allclose(moved["t value"].drop("(Intercept)"), base["t value"].drop("(Intercept)"), rtol=1e-5)


@pytest.mark.parametrize("a", [1e100, 1e-100])
def test_fit_json_at_extreme_scales(a: float) -> None:
    """`notation fit --json` once crashed here: Satterthwaite's derivatives overflowed on the raw scale."""
    from notation.report import fit_json

    base = fit_json(BASE[True])
    moved = fit_json(_fit(FRAME.assign(y=a * FRAME.y)))
    for name, df in base["df_satterthwaite"].items():
        assert moved["df_satterthwaite"][name] == pytest.approx(df, rel=1e-5)
    assert moved["sigma"] == pytest.approx(a * base["sigma"], rel=1e-6)
