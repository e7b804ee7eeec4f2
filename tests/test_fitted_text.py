"""``notation.fit`` takes the spec as text, as ``notation fit`` does: a formula, equations or another
program's code — whose own choice of REML or ML is kept, never silently replaced."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import notation

SLEEP = pd.read_csv(Path(__file__).resolve().parent / "data" / "sleepstudy.csv")
FORMULA = "Reaction ~ Days + (Days | Subject)"


@pytest.mark.parametrize(("spec", "reml", "expected_reml"), [
    (FORMULA, None, True),
    (FORMULA, False, False),
    ("lmer(Reaction ~ Days + (Days | Subject), data = d, REML = FALSE)", None, False),
    ("lmer(Reaction ~ Days + (Days | Subject), data = d)", True, True),
    ("mixed Reaction Days || Subject: Days, covariance(unstructured)", None, False),  # Stata: ML unless reml
    ("mixed Reaction Days || Subject: Days, covariance(unstructured) reml", None, True),
])
def test_text_specs_fit_with_their_method(spec: str, reml: bool | None, expected_reml: bool) -> None:
    result = notation.fit(spec, SLEEP, reml=reml)
    reference = notation.fit(notation.parse_formula(FORMULA), SLEEP, reml=expected_reml)
    assert result.reml is expected_reml
    assert result.criterion == pytest.approx(reference.criterion, rel=1e-12)


def test_a_one_line_formula_is_reported_as_written() -> None:
    result = notation.fit("Reaction ~ Days   + (Days|Subject)", SLEEP)
    assert result.formula_text == "Reaction ~ Days + (Days|Subject)"


@pytest.mark.parametrize(("spec", "reml"), [
    ("lmer(Reaction ~ Days + (Days | Subject), data = d, REML = FALSE)", True),
    ("mixed Reaction Days || Subject: Days, covariance(unstructured) reml", False),
])
def test_a_method_contradicting_the_code_is_refused(spec: str, reml: bool) -> None:
    with pytest.raises(notation.SpecMeaningError, match="the code asks for"):
        notation.fit(spec, SLEEP, reml=reml)
