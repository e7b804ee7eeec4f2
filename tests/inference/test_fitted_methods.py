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


PARTIAL = [  # lme4: predict(fit, newdata, re.form = ..., allow.new.levels = TRUE), printed with %.10f
    ("penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)", None, "~(1 | plate)", [0, 6, 49],
     [23.7767691281, 23.7767691281, 22.2195815684]),
    ("penicillin.csv", "diameter ~ 1 + (1 | plate) + (1 | sample)", {"sample": ["A", "F", "Z"]},
     "~(1|sample)", None, [25.1592806241, 19.9684774552, 22.9722222222]),  # no plate column needed
    ("sleepstudy.csv", "Reaction ~ Days + (Days || Subject)", {"Days": [0, 5], "Subject": ["308", "309"]},
     "~ (0 + Days | Subject)", None, [251.4051048485, 260.7456559408]),
]


@pytest.mark.parametrize(("name", "formula", "newdata", "re_form", "rows", "expected"), PARTIAL)
def test_predict_with_a_partial_re_form_is_lme4s(name: str, formula: str, newdata: dict | None, re_form: str,
                                                 rows: list[int] | None, expected: list[float]) -> None:
    import pandas as pd

    fit = notation.fit(notation.parse_spec(formula), data(name))
    got = fit.predict(None if newdata is None else pd.DataFrame(newdata), re_form=re_form)
    values = got.to_numpy() if rows is None else got.to_numpy()[rows]
    np.testing.assert_allclose(values, expected, rtol=1e-6)  # the fits agree to ~1e-7 in b̂


def test_re_form_none_and_unknown_terms() -> None:
    spec = notation.parse_spec("diameter ~ 1 + (1 | plate) + (1 | sample)")
    fit = notation.fit(spec, data("penicillin.csv"))
    population = fit.predict(include_random=False)
    for none in ("~0", "NA", " ~ 0 "):
        assert fit.predict(re_form=none).equals(population)
    with pytest.raises(notation.NotationError, match=r"does not have: \(1 \| batch\)"):
        fit.predict(re_form="~(1 | batch)")
    with pytest.raises(notation.NotationError, match="not a formula"):
        fit.predict(re_form="~(1 | ")
