"""The notation of the level equations: one set of symbols for every form, the user's system kept."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import sympy as sp

from notation.data import data_schema
from notation.derive import bracket_system, multilevel, multilevel_model, with_contrasts
from notation.errors import SpecMeaningError
from notation.ir import Term
from notation.parse.equations import parse_equations
from notation.parse.formula import parse_formula
from notation.render.equations import format_equations

DATA = Path(__file__).resolve().parent.parent / "data"
S = sp.Symbol


@pytest.fixture(scope="module")
def schools() -> pd.DataFrame:
    return pd.read_csv(DATA / "equations" / "schools.csv")


@pytest.mark.parametrize(("formula", "term", "coefficient"), [
    # Z is first in the formula but a level-2 variable: its coefficient is gamma_01, not gamma_10
    ("Y ~ Z*R + X + (R | school)", "Z", "gamma_01"),
    ("Y ~ Z*R + X + (R | school)", "R", "gamma_10"),
    ("Y ~ Z*R + X + (R | school)", "Z:R", "gamma_11"),
    ("Y ~ Z*R + X + (R | school)", "X", "beta_2"),
])
def test_coefficients_are_the_symbols_the_equations_print(formula: str, term: str, coefficient: str,
                                                          schools: pd.DataFrame) -> None:
    parsed = parse_formula(formula)
    symbols = multilevel_model(parsed, data_schema(parsed, schools)).symbols
    assert symbols is not None and symbols.derived and symbols.system is not None
    assert symbols.coefficients[Term.of(*term.split(":"))] == S(coefficient)
    printed = format_equations(symbols.system)
    assert coefficient in printed


def test_effects_and_covariances_follow_the_equations(schools: pd.DataFrame) -> None:
    model = parse_formula("Y ~ R + (R | school)")
    spec = multilevel_model(model, data_schema(model, schools))
    notation, block = spec.symbols, spec.model.random[0]
    assert notation is not None
    assert notation.random_effects == {block: (S("u_0j"), S("u_1j"))}
    tau = sp.Matrix([[S("tau_00"), S("tau_10")], [S("tau_10"), S("tau_11")]])
    assert notation.covariances[block] == tau
    assert notation.residual == S("e_ij") and notation.intercept == S("gamma_00")


def test_equations_of_an_equation_spec_are_the_users_own() -> None:
    text = "Y_ij = alpha_j + b*X_ij + epsilon_ij\nalpha_j = mu + zeta_j\nj: school"
    model = parse_equations(text)
    printed = format_equations(multilevel(model, None, levels={"X": "j"}))
    assert printed == "Y_ij = alpha_j + b*X_ij + epsilon_ij\nalpha_j = mu + zeta_j\nj: school"


@pytest.mark.parametrize("formula", [
    "score ~ ses + (1 | district/school)",
    "Y ~ x + (x | k) + (1 | k:j)",
])
def test_nested_model_in_bracket_style_reads_back(formula: str) -> None:
    model = parse_formula(formula)
    system = multilevel(model, style="bracket")
    assert system.style == "bracket" and len(system.equations) == 1
    assert parse_equations(format_equations(system)).model == model


def test_nested_equations_have_no_bracket_form() -> None:
    spec = "Y_ijk = pi_0jk + e_ijk\npi_0jk = beta_00k + r_0jk\nbeta_00k = g + u_00k"
    system = parse_equations(spec).system
    with pytest.raises(SpecMeaningError, match="nest 3 levels") as info:
        bracket_system(system)  # type: ignore[arg-type]
    assert info.value.hint


def test_bracket_distributions_follow_the_level_one_equation() -> None:
    system = parse_equations("Y_ij = beta_0j + e_ij\nbeta_0j = g + u_0j\nu_0j ~ N(0, tau^2)\n"
                             "e_ij ~ N(0, sigma^2)").system
    variables = [d.variables for d in bracket_system(system).distributions]  # type: ignore[arg-type]
    assert variables == [(S("u_0j"),), (S("e_i"),)]


def test_treatment_contrasts_become_terms() -> None:
    data = pd.read_csv(DATA / "cake.csv")
    formula = parse_formula("angle ~ recipe * temp + (1 | recipe:replicate)")
    model, shown = with_contrasts(formula, data_schema(formula, data))
    assert [t.label for t in model.fixed] == ["recipeB", "recipeC", "temp", "recipeB:temp", "recipeC:temp"]
    assert {"recipeB", "recipeC"} <= {c.name for c in shown.columns}
    formula = parse_formula("angle ~ 0 + recipe + (1 | replicate)")
    full, _ = with_contrasts(formula, data_schema(formula, data))
    assert [t.label for t in full.fixed] == ["recipeA", "recipeB", "recipeC"]


def test_two_blocks_on_one_coefficient_read_back_as_two() -> None:
    """(wave | school) + (1 | school): the second intercept is its own effect with its own variance."""
    model = parse_formula("y ~ wave + (wave | school) + (1 | school)")
    printed = format_equations(multilevel(model))
    assert "u_0j + w_0j" in printed and "w_0j ~ N(0, tau_w00)" in printed
    assert parse_equations(printed).model == model
