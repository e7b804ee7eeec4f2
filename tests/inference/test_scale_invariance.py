"""Inference is invariant to affine changes of the response and of a fixed-effect covariate.

The fitter works on standardised [X y] (:mod:`notation.design.standardize`); every method that reads
its Gram blocks or factors maps back through the standardisation. So y → a·y + b maps sd's, σ and
β's intervals as the estimates (σ → aσ, β₀ → aβ₀ + b), conditional variances by a², and leaves df,
F, χ² and correlations unchanged — at a = 10^±100 and b = 10⁷ too, where the raw sums of squares
would overflow or lose their digits. w → c·w + d (w a fixed effect only) changes w's coefficient
and the intercept only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from notation.fitting import FitResult, fit
from notation.inference import anova, bootstrap, compare, condvar, kenward_roger, profile_confint
from notation.parse.formula import parse_formula

RNG = np.random.default_rng(12)
N = 160
GROUPS = np.repeat(np.arange(16), 10)
X = RNG.normal(size=N)
W = RNG.normal(size=N)
F = np.tile(["a", "b", "c", "d"], N // 4)
Y = (3 + 0.5 * X - 0.8 * W + (F == "b") * 0.7 + np.repeat(RNG.normal(size=16), 10)
     + X * np.repeat(RNG.normal(0, 0.4, 16), 10) + RNG.normal(size=N))
FRAME = pd.DataFrame({"y": Y, "x": X, "w": W, "f": F, "g": GROUPS.astype(str)})
FORMULA = "y ~ x + w + f + (x | g)"
SMALLER = "y ~ x + f + (x | g)"


def _fit(frame: pd.DataFrame, formula: str = FORMULA) -> FitResult:
    return fit(parse_formula(formula), frame, reml=True)


BASE = _fit(FRAME)


def _close(ours: pd.DataFrame | np.ndarray, theirs: pd.DataFrame | np.ndarray, rtol: float) -> None:
    np.testing.assert_allclose(np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float), rtol=rtol)


@pytest.mark.parametrize(("a", "b"), [(1.0, 1e7), (1e100, 0.0), (1e-100, 0.0), (2.5, -1e6)])
def test_tests_and_intervals_follow_the_response(a: float, b: float) -> None:
    moved = _fit(FRAME.assign(y=a * FRAME.y + b))
    ours, theirs = kenward_roger(moved), kenward_roger(BASE)
    _close(ours["df"], theirs["df"], 1e-5)
    _close(ours["Std. Error"], a * theirs["Std. Error"], 1e-5)
    for type in (1, 3):
        for ddf in ("satterthwaite", "kenward-roger"):
            ours, theirs = anova(moved, type, ddf), anova(BASE, type, ddf)
            _close(ours[["NumDF", "DenDF", "F value"]], theirs[["NumDF", "DenDF", "F value"]], 1e-5)
            _close(ours["Sum Sq"], a * a * theirs["Sum Sq"], 1e-5)
    for group, block in condvar(moved).items():
        _close(block, a * a * condvar(BASE)[group], 1e-4)
    smaller = (_fit(FRAME.assign(y=a * FRAME.y + b), SMALLER), _fit(FRAME, SMALLER))
    chisq = compare([smaller[0], moved])["Chisq"].iloc[1:], compare([smaller[1], BASE])["Chisq"].iloc[1:]
    _close(chisq[0], chisq[1], 1e-5)
    ours, theirs = profile_confint(moved), profile_confint(BASE)
    expected = theirs.copy()
    scaled = [name for name in theirs.index if not name.startswith("cor_")]
    expected.loc[scaled] *= a
    expected.loc["(Intercept)"] += b
    _close(ours, expected, 1e-5)


@pytest.mark.parametrize(("a", "b"), [(1.0, 1e7), (1e100, 0.0)])
def test_bootstrap_refits_follow_the_response(a: float, b: float) -> None:
    """A replicate's response is standardised as the data's was (FitProblem.with_response)."""
    moved = bootstrap(_fit(FRAME.assign(y=a * FRAME.y + b)), nsim=12, seed=5, workers=1)
    base = bootstrap(BASE, nsim=12, seed=5, workers=1)
    expected = base.copy()
    scaled = [name for name in base.columns if not name.startswith("cor_")]
    expected[scaled] *= a
    expected["(Intercept)"] += b
    np.testing.assert_allclose(moved.to_numpy(float), expected.to_numpy(float), rtol=1e-4,
                               atol=1e-6 * a)


@pytest.mark.parametrize(("c", "d"), [(1.0, 1e6), (1e-3, 0.0), (-2.0, 0.5)])
def test_tests_and_intervals_follow_a_fixed_covariate(c: float, d: float) -> None:
    moved = _fit(FRAME.assign(w=c * FRAME.w + d))
    ours, theirs = kenward_roger(moved), kenward_roger(BASE)
    slopes = [name for name in theirs.index if name != "(Intercept)"]
    _close(ours.loc[slopes, "df"], theirs.loc[slopes, "df"], 1e-5)
    sign = np.where(np.array(slopes) == "w", np.sign(c), 1.0)
    _close(ours.loc[slopes, "t value"], sign * theirs.loc[slopes, "t value"], 1e-5)
    for ddf in ("satterthwaite", "kenward-roger"):
        ours, theirs = anova(moved, 3, ddf), anova(BASE, 3, ddf)
        _close(ours[["DenDF", "F value"]], theirs[["DenDF", "F value"]], 1e-5)
    ours, theirs = profile_confint(moved), profile_confint(BASE)
    _close(sorted(ours.loc["w"] * c), theirs.loc["w"], 1e-5)
    others = [name for name in theirs.index if name not in ("w", "(Intercept)")]
    _close(ours.loc[others], theirs.loc[others], 1e-5)
