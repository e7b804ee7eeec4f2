"""ζ tabulated along each parameter (lme4's profile(fit)): zero at the ML estimate, increasing, out to the
profile interval's ends at the level asked; a side that never reaches it stops where the profile did."""

from __future__ import annotations

import numpy as np
import pytest
from inference_refs import fitted

from notation.inference import profile_confint, profile_curves


@pytest.mark.parametrize("name", ["sleepstudy_slopes_reml", "penicillin_crossed_reml"])
def test_curves_run_through_the_estimate_to_the_interval_ends(name: str) -> None:
    fit = fitted(name)
    curves = profile_curves(fit, level=0.95, points=3)
    ends = profile_confint(fit, level=0.95)
    assert list(dict.fromkeys(curves["parameter"])) == list(ends.index)
    for parameter, curve in curves.groupby("parameter", sort=False):
        zeta = curve["zeta"].to_numpy()
        assert np.all(np.diff(zeta) > 0), parameter  # ζ increases with the parameter
        assert 0.0 in zeta
        low, high = ends.loc[parameter]
        values = curve["value"].to_numpy()
        # an end at ζ = ∓1.96 (or at a bound the profile stopped at, where ζ is smaller)
        assert values[0] == pytest.approx(low, rel=1e-4, abs=1e-6), parameter
        assert values[-1] == pytest.approx(high, rel=1e-4, abs=1e-6), parameter
        assert abs(zeta[0]) <= 1.96 + 1e-3 and zeta[-1] <= 1.96 + 1e-3


def test_a_side_that_does_not_reach_the_level_stops_where_the_profile_did() -> None:
    """schools: the random-slope correlation's ζ never reaches −2.58 before its deviance stops being
    finite near −1; the curve ends there instead of failing."""
    curves = profile_curves(fitted("schools_slope_reml"), level=0.99, points=3)
    correlation = curves[curves["parameter"] == "cor_R.(Intercept)|school"]
    assert -2.576 < correlation["zeta"].min() < -1.96
    assert correlation["zeta"].max() == pytest.approx(2.5758, abs=1e-3)
