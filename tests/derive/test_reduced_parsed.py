"""The seeds' equations, verbatim, read by the equation parser: the reduced form equals the seed's."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.derive import reduced_form
from notation.forms import render_latex
from notation.parse import parse_equations

S = sp.Symbol

SEED001_INTERCEPT = r"""$$Y_{ij} = \alpha_j + \beta_1 R_{ij} + \beta_2 X_{ij} + \epsilon_{ij}$$
$$\alpha_j = \gamma_0 + \gamma_1 Z_j + \gamma_2 S_j + u_j$$
j: id"""
SEED001_SLOPE = r"""$$Y_{ij} = \beta_{0j} + \beta_{1j}R_{ij} + \beta_2X_{ij} + \epsilon_{ij}$$
$$\beta_{0j} = \gamma_{00} + \gamma_{01}Z_j + \gamma_{02}S_j + u_{0j}$$
$$\beta_{1j} = \gamma_{10} + \gamma_{11}Z_j + u_{1j}.$$
j: id"""
SEED000 = r"""$$L1 : Y_{ij} = \beta_{0j} + \beta_{1j}Age_{ij} + \beta_{2j}Married_{ij} + \beta_{3j}Sex_{ij} + \beta_{4j}WBC_{ij} + \beta_{5j}RBC_{ij} + e_{ij}$$
$$L2 : \beta_{0j} = \gamma_{00} + u_{0j}$$
$$L2 : \beta_{1j} = \gamma_{10}$$
$$L2 : \beta_{2j} = \gamma_{20}$$
$$L2 : \beta_{3j} = \gamma_{30}$$
$$L2 : \beta_{4j} = \gamma_{40}$$
$$L2 : \beta_{5j} = \gamma_{50}$$"""  # noqa: E501 - verbatim from the seed
SEED002_1B = r"""$$\begin{aligned}y_{ic} &= \alpha_c + \beta X_{ic} + e_{ic} \\ \alpha_c &= \mu_\alpha + \gamma_c \\ \gamma_c &\sim \mathcal{N}(0, \tau^2)\end{aligned}$$"""  # noqa: E501 - verbatim

SEED002_1A = r"""$$\begin{aligned} y_{ic} &= \alpha_c + \beta X_{ic} + e_{ic} \\ \alpha_c &\sim \mathcal{N}(\mu_\alpha, \tau^2) \\ e_{ic} &\sim \mathcal{N}(0, \sigma^2) \end{aligned}$$"""  # noqa: E501 - verbatim
SEED002_2 = r"""$$y_i \sim \mathcal{N}(\alpha_c + \beta X_i, \sigma^2)$$"""

R, X, Z, SS = S("R_ij"), S("X_ij"), S("Z_j"), S("S_j")
CASES = [
    # seed 001 §2.1: γ0 + γ1Z_j + γ2S_j + β1R_ij + β2X_ij + (u_j + ε_ij)
    (SEED001_INTERCEPT, S("gamma_0") + S("gamma_1") * Z + S("gamma_2") * SS + S("beta_1") * R
     + S("beta_2") * X + S("u_j") + S("epsilon_ij")),
    # seed 001 §3.1: γ00 + (γ01 + γ11R_ij)Z_j + γ02S_j + γ10R_ij + β2X_ij + (u0j + u1jR_ij + ε_ij)
    (SEED001_SLOPE, S("gamma_00") + (S("gamma_01") + S("gamma_11") * R) * Z + S("gamma_02") * SS
     + S("gamma_10") * R + S("beta_2") * X + S("u_0j") + S("u_1j") * R + S("epsilon_ij")),
    # seed 000: (γ00 + u0j) + γ10Age + γ20Married + γ30Sex + γ40WBC + γ50RBC + e_ij
    (SEED000, S("gamma_00") + S("u_0j") + S("gamma_10") * S("Age_ij") + S("gamma_20") * S("Married_ij")
     + S("gamma_30") * S("Sex_ij") + S("gamma_40") * S("WBC_ij") + S("gamma_50") * S("RBC_ij") + S("e_ij")),
    # seed 002 model 1b: y_ic = μ_α + βX_ic + (γ_c + e_ic)
    (SEED002_1B, S("mu_alpha") + S("beta") * S("X_ic") + S("gamma_c") + S("e_ic")),
    # seed 002 model 1a: α_c ~ N(μ_α, τ²) has mean μ_α once; its deviation is α̃_c (α_c counted μ_α twice)
    (SEED002_1A, S("mu_alpha") + S("beta") * S("X_ic") + S("alphatilde_c") + S("e_ic")),
    # seed 002 model 2: α_c with no line: its mean is the intercept (it was lost)
    (SEED002_2, S("mu_alpha") + S("beta") * S("X_i") + S("alphatilde_c") + S("e_i")),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_parsed_seed_reduces_to_the_printed_composite(text: str, expected: sp.Expr) -> None:
    form = reduced_form(parse_equations(text))
    assert sp.simplify(form.rhs - expected) == 0
    assert sp.simplify(form.total_error - (form.random + form.residual)) == 0


@pytest.mark.parametrize("text", [SEED002_1A, SEED002_2])
def test_a_varying_coefficient_with_a_mean_has_a_zero_mean_deviation(text: str) -> None:
    """The distribution form states what the random effect is: the deviation, with mean 0."""
    shown = render_latex(parse_equations(text), form="distribution")
    assert r"\tilde{\alpha}_{c} &\sim \mathcal{N}\left(0," in shown
    assert r"\alpha_{c} &\sim" not in shown
