"""Wald, profile and bootstrap intervals against lme4's confint(oldNames = FALSE)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from inference_refs import CASES, assert_close, fitted, reference, table

from notation.errors import NotationError
from notation.inference import confint, wald_confint
from notation.inference.bootstrap import bootstrap, percentile_interval
from notation.inference.wald import interval_columns

PROFILED = [c for c in CASES if "error" not in reference(c)["confint_profile"]]


@pytest.mark.parametrize("name", CASES)
def test_wald_matches_lme4(name: str) -> None:
    # atol: the fits themselves agree to ~1e-5 relative in SE for some models (fit fidelity, issue 11)
    assert_close(wald_confint(fitted(name)), table(reference(name)["confint_wald"]), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", PROFILED)
def test_profile_matches_lme4(name: str) -> None:
    ours = confint(fitted(name), "profile")
    theirs = table(reference(name)["confint_profile"])
    # lme4's ends come from a spline through its profile; an sd whose lower end is 0 is 0 in both.
    # Correlations get 5e-3: their ζ is curved and lme4's spline misses by up to 3.5e-3
    # (schools: ζ(lme4's end) = −1.978, see test_profile_ends_solve_zeta)
    correlation = ours.index.str.startswith("cor_")
    assert_close(ours[~correlation], theirs[~correlation], rtol=2e-3, atol=1e-6)
    assert_close(ours[correlation], theirs[correlation], rtol=5e-3)


def test_profile_ends_solve_zeta() -> None:
    from notation.fitting import fit_problem
    from notation.inference.profile import _FixedProfile, _VarparProfile

    fit = fitted("schools_slope_reml")
    ml = fit_problem(fit.problem, reml=False)
    ends = confint(fit, "profile")
    for k in (1, 4, len(ml.theta) + 2):  # a correlation, σ, a fixed effect
        nvar = len(ml.theta) + 1
        profile = _VarparProfile(ml, k) if k < nvar else _FixedProfile(ml, k - nvar)
        low, high = ends.iloc[k]
        assert profile.zeta(low) == pytest.approx(-1.959964, abs=1e-4)
        assert profile.zeta(high) == pytest.approx(1.959964, abs=1e-4)


def test_profile_level_names_the_columns() -> None:
    ours = confint(fitted("dyestuff_reml"), "profile", level=0.9)
    assert list(ours.columns) == ["5 %", "95 %"]
    wide = confint(fitted("dyestuff_reml"), "profile")
    assert (ours["5 %"] > wide["2.5 %"]).all() and (ours["95 %"] < wide["97.5 %"]).all()


def test_interval_columns_are_rs() -> None:
    assert interval_columns(0.95) == ["2.5 %", "97.5 %"]
    assert interval_columns(0.999) == ["0.05 %", "100 %"]  # R: format(99.95, digits = 3) is "100"


def test_bad_level_and_method_are_user_errors() -> None:
    with pytest.raises(NotationError, match="between 0 and 1"):
        wald_confint(fitted("dyestuff_reml"), level=95)
    with pytest.raises(NotationError, match="unknown confidence interval method"):
        confint(fitted("dyestuff_reml"), "jackknife")


def test_percentile_interval_is_boots_norm_inter() -> None:
    values = np.arange(1.0, 1000.0)  # R = 999: (R + 1)·0.025 = 25 is an order statistic
    assert percentile_interval(values, 0.95) == pytest.approx((25.0, 975.0), rel=1e-12)
    low, high = percentile_interval(np.arange(1.0, 101.0), 0.95)  # rk = 2.525: interpolated
    assert 2.0 < low < 3.0 and 98.0 < high < 99.0


def test_bootstrap_is_seeded_and_independent_of_workers() -> None:
    fit = fitted("sleepstudy_slopes_reml")
    one = bootstrap(fit, nsim=8, seed=3, workers=1)
    two = bootstrap(fit, nsim=8, seed=3, workers=2)
    pd.testing.assert_frame_equal(one, two)
    assert not one.equals(bootstrap(fit, nsim=8, seed=4, workers=1))


BOOTED = [c for c in CASES if "confint_boot" in reference(c)]  # slopes, crossed, nested (singular replicates)


@pytest.mark.parametrize("name", BOOTED)
def test_bootstrap_matches_bootmer_within_monte_carlo_error(name: str) -> None:
    ref = reference(name)
    fit = fitted(name)
    samples = bootstrap(fit, nsim=300, seed=1)
    theirs = table(ref["confint_boot"])
    ours = pd.DataFrame([percentile_interval(samples[c].to_numpy(), 0.95) for c in samples.columns],
                        index=samples.columns, columns=theirs.columns)
    spread = pd.Series(ref["boot_sd"]).astype(float)
    spread = spread.fillna(samples.std())
    # an end's Monte Carlo error with n draws is about 2.4·sd/√n (tail quantiles); both sides vary
    tolerance = 4.0 * 2.4 * spread * np.sqrt(1 / 300 + 1 / 1000)
    for column in theirs.columns:
        assert (np.abs(ours[column] - theirs[column]) < tolerance).all(), column
    fixed = list(fit.fixef.index)  # β̂* is unbiased for β̂ in a parametric bootstrap
    assert (samples[fixed].mean() - fit.fixef).abs().lt(3 * samples[fixed].std() / np.sqrt(300)).all()
