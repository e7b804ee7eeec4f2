"""One convention across forms (γ, u, e, τ), estimates on the right symbols, the fit JSON as given."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from notation.errors import NotationError
from notation.forms import render_latex
from notation.parse import parse_equations, parse_formula

DATA = Path(__file__).resolve().parents[1] / "data"


def _fit(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("form", ["levels", "reduced", "distribution", "bayesian", "marginal"])
def test_formula_spec_uses_the_level_equations_letters(form: str) -> None:
    text = render_latex(parse_formula("Reaction ~ Days + (Days | Subject)"), form)
    assert r"\epsilon" not in text and r"\tau^{2}" not in text
    assert r"\tau_{00}" in text or r"\mathbf{T}" in text or "e_{ij}" in text


def test_levels_form_writes_the_covariance_matrix_out() -> None:
    text = render_latex(parse_formula("Reaction ~ Days + (Days | Subject)"), "levels")
    assert r"\begin{pmatrix} \tau_{00} & \tau_{10} \\ \tau_{10} & \tau_{11} \end{pmatrix}" in text


def test_estimates_land_on_the_coefficient_of_their_term() -> None:
    # Z comes first in the formula but is a school-level variable: its estimate belongs to γ01
    data = pd.read_csv(DATA / "equations" / "schools.csv")
    estimates = {"(Intercept)": 1.0, "Z": 2.0, "R": 3.0, "Z:R": 4.0, "X": 5.0}
    text = render_latex(parse_formula("Y ~ Z*R + X + (R | school)"), "levels", data=data, estimates=estimates)
    assert r"\beta_{0j} &= 1 + 2 \operatorname{Z}_{j} + u_{0j}" in text
    assert r"\beta_{1j} &= 3 + 4 \operatorname{Z}_{j} + u_{1j}" in text
    assert r"\beta_{1j} \operatorname{R}_{ij} + 5 \operatorname{X}_{ij} + e_{ij}" in text


def test_fit_json_with_treatment_contrasts() -> None:
    data = pd.read_csv(DATA / "cake.csv")
    model = parse_formula("angle ~ recipe * temp + (1 | recipe:replicate)")
    text = render_latex(model, "levels", data=data, estimates=_fit("cake_factors_reml.json"))
    assert r"2.379 - 3.649 \operatorname{recipeB}_{j} - 1.941 \operatorname{recipeC}_{j} + u_{0j}" in text
    assert r"0.1537 + 0.01086 \operatorname{recipeB}_{j}" in text
    assert r"u_{0j} &\sim \mathcal{N}\left(0,\ 41.77\right)" in text
    assert r"e_{ij} &\sim \mathcal{N}\left(0,\ 20.89\right)" in text


def test_fit_json_of_uncorrelated_blocks() -> None:
    # lme4 calls the second block of (Days || Subject) "Subject.1"
    text = render_latex(parse_formula("Reaction ~ Days + (Days || Subject)"), "levels",
                        estimates=_fit("sleepstudy_uncorrelated_reml.json"))
    assert r"\begin{pmatrix} 627.6 & 0 \\ 0 & 35.86 \end{pmatrix}" in text
    assert r"\beta_{1j} &= 10.47 + u_{1j}" in text


def test_fit_json_on_an_equation_spec_keeps_the_users_symbols() -> None:
    spec = ("Y_ij = alpha_j + b*Days_ij + eps_ij\nalpha_j = mu + zeta_j\nj: Subject")
    text = render_latex(parse_equations(spec), "levels", estimates=_fit("sleepstudy_intercept_reml.json"))
    assert r"\alpha_{j} &= 251.4 + \zeta_{j}" in text
    assert r"eps_{ij}" in text


def test_bracket_form_of_a_nested_formula_is_one_equation() -> None:
    text = render_latex(parse_formula("score ~ ses + (1 | district/school)"), "bracket")
    assert r"+ u_{0j[i]} + v_{0k[i]} + e_{i}" in text


def test_bracket_form_of_nested_equations_is_a_clear_error() -> None:
    spec = "Y_ijk = pi_0jk + e_ijk\npi_0jk = beta_00k + r_0jk\nbeta_00k = gamma_000 + u_00k"
    with pytest.raises(NotationError, match="nest 3 levels"):
        render_latex(parse_equations(spec), "bracket")


def test_bracket_residual_line_matches_level_one() -> None:
    spec = "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j"
    text = render_latex(parse_equations(spec), "bracket")
    assert r"e_{i} &\sim" in text and r"e_{ij}" not in text


@pytest.mark.parametrize(("spec", "expected"), [
    ("Y_k = mu + beta*x_k + a_{i[k]} + b_{q[k]} + e_k", r"&= \mu + \beta \operatorname{x}_{k} + \left("),
    ("Y_ijk = pi_0jk + pi_1*a_ijk + e_ijk\npi_0jk = beta_00k + r_0jk\nbeta_00k = gamma_000 + "
     "gamma_001*W_k + u_00k", r"&= \gamma_{000} + \gamma_{001} \operatorname{W}_{k} + \pi_{1}"),
])
def test_reduced_form_reads_level_one_left_to_right(spec: str, expected: str) -> None:
    assert expected in render_latex(parse_equations(spec), "reduced")
