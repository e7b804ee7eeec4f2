"""The Python API mirrors the CLI: result.confint/anova/coefficients/simulate, notation.compare."""

from __future__ import annotations

import numpy as np
import pytest
from inference_refs import data, fitted, reference, table

import notation


def test_fitted_model_methods_return_the_tables() -> None:
    fit = fitted("cake_factors_reml")
    ref = reference("cake_factors_reml")
    anova = fit.anova(type=3, ddf="kenward-roger")
    np.testing.assert_allclose(anova["F value"], table(ref["anova_3_kenward_roger"])["F value"], rtol=1e-4)
    np.testing.assert_allclose(fit.kenward_roger["df"], table(ref["coefficients_kenward_roger"])["df"],
                               rtol=1e-3)
    assert list(fit.coefficients("none").columns) == ["Estimate", "Std. Error", "t value"]
    wald = fit.confint(method="wald")
    np.testing.assert_allclose(wald.iloc[2:, 0], table(ref["confint_wald"]).iloc[2:, 0], rtol=1e-5)


def test_simulate_is_seeded_and_conditional_on_request() -> None:
    fit = fitted("sleepstudy_slopes_reml")
    a, b = fit.simulate(nsim=3, seed=5), fit.simulate(nsim=3, seed=5)
    assert a.equals(b) and list(a.columns) == ["sim_1", "sim_2", "sim_3"]
    conditional = fit.simulate(nsim=400, seed=1, conditional=True)
    # given b̂ only the residual varies: around the fitted values with sd σ̂
    residual = conditional.sub(fit.fitted, axis=0).to_numpy()
    assert residual.std() == pytest.approx(fit.sigma, rel=0.02)
    marginal = fit.simulate(nsim=400, seed=1).sub(fit.fitted, axis=0).to_numpy()
    assert marginal.std() > 1.2 * fit.sigma


def test_notation_compare_takes_fits() -> None:
    frame = data("sleepstudy.csv")
    small = notation.fit(notation.parse_spec("Reaction ~ Days + (1 | Subject)"), frame)
    large = notation.fit(notation.parse_spec("Reaction ~ Days + (Days | Subject)"), frame)
    table_ = notation.compare(small, large)
    assert list(table_.index) == ["m1", "m2"]
    assert table_.loc["m2", "Df"] == 2
