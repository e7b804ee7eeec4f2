"""Kenward–Roger's two routes to H·ZᵀZ — dense for small models, by blocks for large — agree."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from inference_refs import fitted

kr = importlib.import_module("notation.inference.kenward_roger")  # the package exports the function's name

# slopes (q = 2 blocks), crossed, nested, a factor model, a singular fit (Λ not invertible)
CASES = ["sleepstudy_slopes_reml", "penicillin_crossed_reml", "pastes_nested_reml", "cake_factors_reml",
         "dyestuff2_boundary_reml", "schools_slope_reml"]


@pytest.mark.parametrize("name", CASES)
def test_blocked_route_is_the_dense_one(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fit = fitted(name)
    dense = kr.adjusted_covariance(fit)
    monkeypatch.setattr(kr, "_DENSE_SIZE", -1)  # every model takes the blocked route
    blocked = kr.adjusted_covariance(fit)
    np.testing.assert_allclose(blocked.phi_adjusted, dense.phi_adjusted, rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(blocked.W, dense.W, rtol=1e-7, atol=1e-12)
    L = np.eye(len(fit.fixef))
    assert kr._ddf(blocked, L[[0]]) == pytest.approx(kr._ddf(dense, L[[0]]), rel=1e-8)
