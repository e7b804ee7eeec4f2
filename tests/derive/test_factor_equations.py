"""factor(x) in derivations: plain-text equations refuse it with a hint, LaTeX forms keep it, and with
data each treatment contrast is its own term (``factor(wave)2``) with the right number of columns."""

from __future__ import annotations

import pandas as pd
import pytest
import sympy as sp

from notation.data import data_schema
from notation.derive import matrix_form, multilevel, multilevel_model, parameter_values, with_contrasts
from notation.errors import SpecMeaningError
from notation.ir import Term, categorical
from notation.parse.formula import parse_formula

DATA = pd.DataFrame({
    "y": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    "x": [0.1, 0.4, 0.2, 0.9, 0.5, 0.3],
    "wave": [10, 2, 1, 10, 2, 1],
    "g": ["a", "a", "a", "b", "b", "b"],
})


@pytest.mark.parametrize("formula", [
    "y ~ factor(wave) + (1 | g)",
    "y ~ x + (0 + as.factor(wave) | g)",
    "y ~ x * factor(wave) + (1 | g)",
])
def test_equations_refuse_factor_with_a_hint(formula: str) -> None:
    with pytest.raises(SpecMeaningError, match=r"cannot write factor\(wave\)") as caught:
        multilevel(parse_formula(formula))
    assert "recode wave as text" in (caught.value.hint or "")


def test_factor_grouping_has_equations_of_its_column() -> None:
    plain = multilevel(parse_formula("y ~ x + (1 | g)"))
    assert multilevel(parse_formula("y ~ x + (1 | factor(g))")) == plain


def test_latex_notation_keeps_factor_as_a_function() -> None:
    model = multilevel_model(parse_formula("y ~ factor(wave) + (1 | g)"))
    assert model.system is not None
    level1 = model.system.equations[0].rhs
    assert categorical("wave_ij") in level1.atoms(sp.Function)


@pytest.mark.parametrize(("formula", "terms"), [
    ("y ~ factor(wave) + (1 | g)", ["factor(wave)2", "factor(wave)10"]),
    ("y ~ 0 + factor(wave) + (1 | g)", ["factor(wave)1", "factor(wave)2", "factor(wave)10"]),
    ("y ~ x + factor(wave):x + (1 | g)", ["x", "x:factor(wave)2", "x:factor(wave)10"]),  # R: x first
    ("y ~ wave + (1 | g)", ["wave"]),  # the bare numeric column stays one term
])
def test_contrasts_of_factor_terms(formula: str, terms: list[str]) -> None:
    model = parse_formula(formula)
    display, _ = with_contrasts(model, data_schema(model, DATA))
    assert [":".join(f.name for f in t.factors) for t in display.fixed] == terms


def test_contrast_estimates_land_on_their_terms() -> None:
    model = parse_formula("y ~ factor(wave) + (1 | g)")
    display, schema = with_contrasts(model, data_schema(model, DATA))
    assert schema.column("factor(wave)10").kind == "numeric"
    values = parameter_values(display, {"(Intercept)": 1.5, "factor(wave)2": 0.25, "factor(wave)10": -2.0})
    assert sorted(float(v) for v in values.values()) == [-2.0, 0.25, 1.5]
    assert Term((sp.Symbol("factor(wave)10"),)) in display.fixed


@pytest.mark.parametrize(("formula", "p", "q"), [
    ("y ~ factor(wave) + (0 + factor(wave) | g)", 3, 3),
    ("y ~ factor(wave) * x + (factor(wave) | g)", 6, 3),
    ("y ~ wave + (wave | g)", 2, 2),
])
def test_dimensions_count_factor_levels(formula: str, p: int, q: int) -> None:
    model = parse_formula(formula)
    form = matrix_form(model, data_schema(model, DATA))
    assert (form.p, form.blocks[0].q) == (p, q)
