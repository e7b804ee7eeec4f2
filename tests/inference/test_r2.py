"""Nakagawa's R² and the ICC against MuMIn's formulas evaluated in R (tools/make_r2_references.R)."""

from __future__ import annotations

import json

import pytest
from inference_refs import INFERENCE, fitted

from notation.inference import icc, r2, variance_components

REFERENCE = json.loads((INFERENCE / "r2_references.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_r2_and_icc_match(name: str) -> None:
    ref, fit = REFERENCE[name], fitted(name)
    parts = variance_components(fit)
    for key in ("var_fixed", "var_random", "var_residual"):
        assert parts[key] == pytest.approx(ref[key], rel=1e-4, abs=1e-10)
    assert r2(fit) == pytest.approx({"marginal": ref["r2_marginal"], "conditional": ref["r2_conditional"]},
                                    rel=1e-4, abs=1e-10)
    assert icc(fit) == pytest.approx({"adjusted": ref["icc_adjusted"], "conditional": ref["icc_conditional"]},
                                     rel=1e-4, abs=1e-10)


def test_sleepstudy_r2_is_the_published_one() -> None:
    # performance::r2_nakagawa's documented sleepstudy example: conditional 0.799, marginal 0.279
    values = fitted("sleepstudy_slopes_reml").r2
    assert round(values["conditional"], 3) == 0.799 and round(values["marginal"], 3) == 0.279
