"""t-tests (Satterthwaite, Kenward-Roger), F tests (lmerTest's anova) and likelihood-ratio tests
(lme4's anova(m1, m2)) against the R references."""

from __future__ import annotations

import numpy as np
import pytest
from inference_refs import CASES, COMPARISONS, assert_close, data, fitted, reference, table

import notation
from notation.errors import NotationError
from notation.inference import anova, compare, kenward_roger
from notation.inference.contrasts import doolittle

REML = [c for c in CASES if reference(c)["reml"]]
ANOVA = [(c, t, d) for c in CASES for t in (1, 2, 3) for d in ("satterthwaite", "kenward_roger")
         if "error" not in reference(c)[f"anova_{t}_{d}"] and reference(c)[f"anova_{t}_{d}"]["rows"]]


@pytest.mark.parametrize("name", REML)
def test_kenward_roger_matches_pbkrtest(name: str) -> None:
    ours, theirs = kenward_roger(fitted(name)), table(reference(name)["coefficients_kenward_roger"])
    assert_close(ours, theirs, rtol=1e-4, columns=["Estimate", "Std. Error", "t value"])
    assert_close(ours, theirs, rtol=1e-3, columns=["df", "Pr(>|t|)"])


def test_kenward_roger_needs_reml() -> None:
    with pytest.raises(NotationError, match="only available for REML"):
        kenward_roger(fitted("sleepstudy_slopes_ml"))


@pytest.mark.parametrize(("name", "type_", "ddf"), ANOVA)
def test_anova_matches_lmertest(name: str, type_: int, ddf: str) -> None:
    ours = anova(fitted(name), type_, ddf.replace("_", "-"))
    theirs = table(reference(name)[f"anova_{type_}_{ddf}"])
    assert_close(ours, theirs, rtol=1e-4, columns=["Sum Sq", "Mean Sq", "NumDF", "F value"])
    assert_close(ours, theirs, rtol=1e-3, columns=["DenDF", "Pr(>F)"])


def test_type3_differs_from_type1_under_treatment_coding() -> None:
    fit = fitted("cake_factors_reml")
    one, three = anova(fit, 1), anova(fit, 3)
    assert one.loc["recipe", "F value"] != pytest.approx(three.loc["recipe", "F value"], rel=1e-3)


def test_doolittle_is_lu_without_pivoting() -> None:
    x = np.array([[4.0, 2.0, 1.0], [2.0, 3.0, 0.5], [1.0, 0.5, 2.0]])
    L = doolittle(x)
    assert np.allclose(np.triu(L, 1), 0) and np.allclose(np.diag(L), 1)
    U = np.linalg.solve(L, x)
    assert np.allclose(np.tril(U, -1), 0)


@pytest.mark.parametrize("name", COMPARISONS)
def test_compare_matches_lme4_anova(name: str) -> None:
    ref = reference(name)
    frame = data(ref["data"])
    fits = [notation.fit(notation.parse_spec(f), frame, reml=ref["reml"]) for f in ref["formulas"]]
    assert_close(compare(fits, refit=ref["refit"]), table(ref["table"]), rtol=1e-6, atol=1e-12)


def test_compare_refuses_models_that_are_not_nested() -> None:
    frame = data("sleepstudy.csv")
    a = notation.fit(notation.parse_spec("Reaction ~ Days + (1 | Subject)"), frame)
    b = notation.fit(notation.parse_spec("Reaction ~ 1 + (Days | Subject)"), frame)
    with pytest.raises(NotationError, match="not nested"):
        compare([a, b])


def test_compare_refuses_different_rows() -> None:
    frame = data("sleepstudy.csv")
    a = notation.fit(notation.parse_spec("Reaction ~ Days + (1 | Subject)"), frame)
    b = notation.fit(notation.parse_spec("Reaction ~ Days + (Days | Subject)"), frame.iloc[:150])
    with pytest.raises(NotationError, match="not fitted to the same rows"):
        compare([a, b])
    with pytest.raises(NotationError, match="at least two"):
        compare([a])
