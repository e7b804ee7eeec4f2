"""Plain-text systems, three levels, crossed brackets, covariance statements and the symbols kept."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.ir import Term
from notation.parse.equations import parse_equations
from notation.parse.formula import parse_formula

SLOPES = """\
Y_ij = beta_0j + beta_1j*R_ij + beta_2*X_ij + e_ij
beta_0j = gamma_00 + gamma_01*Z_j + gamma_02*S_j + u_0j
beta_1j = gamma_10 + gamma_11*Z_j + u_1j
"""

CASES = [
    ("twin of seed 001 §3", SLOPES + "j: school", "Y ~ R*Z + X + S + (R | school)"),
    ("unstructured covariance stated", SLOPES + "(u_0j, u_1j) ~ N(0, T)\nj: school",
     "Y ~ R*Z + X + S + (R | school)"),
    ("diagonal covariance is ||", SLOPES + "(u_0j, u_1j) ~ N(0, diag(tau_00, tau_11))",
     "Y ~ R*Z + X + S + (R || j)"),
    ("twin of seed 001 §2", "Y_ij = alpha_j + beta_1*R_ij + beta_2*X_ij + e_ij\n"
     "alpha_j = gamma_0 + gamma_1*Z_j + gamma_2*S_j + u_j\nu_j ~ N(0, sigma_alpha^2)",
     "Y ~ R + X + Z + S + (1 | j)"),
    ("random slope without fixed counterpart", "y_ij = b_0j + b_1j*x_ij + e_ij\nb_0j = g_00 + u_0j\n"
     "b_1j = u_1j\nj: g", "y ~ 1 + (1 + x | g)"),
    # a varying intercept whose mean is never stated has one: the model's intercept (seed 002's model 2)
    ("an unstated mean is the intercept", "y_ij = b_1*x_ij + u_0j + e_ij", "y ~ 1 + x + (1 | j)"),
    ("no fixed intercept: the mean stated as 0", "y_ij = b_1*x_ij + u_0j + e_ij\nu_0j ~ N(0, tau^2)",
     "y ~ 0 + x + (1 | j)"),
    ("three levels", "Y_ijk = pi_0jk + e_ijk\npi_0jk = beta_00k + r_0jk\nbeta_00k = gamma_000 + u_00k",
     "Y ~ 1 + (1 | k) + (1 | k:j)"),
    ("three levels with index lines", "Y_ijk = pi_0jk + pi_1jk*a_ijk + e_ijk\npi_0jk = beta_00k + "
     "beta_01k*X_jk + r_0jk\npi_1jk = beta_10k\nbeta_00k = gamma_000 + gamma_001*W_k + u_00k\n"
     "beta_01k = gamma_010\nbeta_10k = gamma_100\nj: class\nk: school",
     "Y ~ a + X + W + (1 | school) + (1 | school:class)"),
    ("crossed, Gelman–Hill", "Y_i = b0 + a_{s[i]} + b_{d[i]} + e_i", "Y ~ 1 + (1 | s) + (1 | d)"),
    ("crossed, observation k", "Y_k = mu + beta*x_k + a_{i[k]} + b_{q[k]} + e_k\ni: student\nq: item",
     "Y ~ x + (1 | student) + (1 | item)"),
    ("bracket twin", "Y_i = beta_0j[i] + beta_1j[i]*R_i + beta_2*X_i + e_i\nbeta_0j = gamma_00 + "
     "gamma_01*Z_j + u_0j\nbeta_1j = gamma_10 + u_1j", "Y ~ R + X + Z + (R | j)"),
    ("functions and powers", "y_ij = b_0 + b_1*log(x_ij) + b_2*x_ij^2 + u_0j + e_ij",
     "y ~ log(x) + I(x^2) + (1 | j)"),
    ("labels, cdot and times", r"Level 1: $Y_{ij} = \beta_{0j} + \beta_{1} \cdot X_{ij} + e_{ij}$"
     "\n" r"Level 2: $\beta_{0j} = \gamma_{00} + \gamma_{01} \times W_j + u_{0j}$",
     "Y ~ X + W + (1 | j)"),
    ("column with an underscore", r"\text{prior_score}_{ij} = b_0 + b_1 \text{age_yr}_{ij} + u_{0j} + e_{ij}",
     "prior_score ~ age_yr + (1 | j)"),
]


@pytest.mark.parametrize(("text", "formula"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_system_reads_as_formula(text: str, formula: str) -> None:
    assert parse_equations(text).model == parse_formula(formula)


def test_notation_keeps_the_symbols_as_written() -> None:
    model = parse_equations(SLOPES + "j: school")
    notation = model.symbols
    assert notation is not None and notation.system is not None
    assert notation.response == sp.Symbol("Y_ij")
    assert notation.residual == sp.Symbol("e_ij")
    assert notation.intercept == sp.Symbol("gamma_00")
    assert notation.variables["R"] == sp.Symbol("R_ij")
    assert notation.variables["Z"] == sp.Symbol("Z_j")
    assert notation.coefficients[Term.of("R", "Z")] == sp.Symbol("gamma_11")
    assert notation.coefficients[Term.of("X")] == sp.Symbol("beta_2")
    block = model.model.random[0]
    assert notation.random_effects[block] == (sp.Symbol("u_0j"), sp.Symbol("u_1j"))
    tau = notation.covariances[block]
    assert tau[1, 0] == tau[0, 1] == sp.Symbol("tau_10")
    assert notation.residual_variance == sp.Symbol("sigma") ** 2
    assert [e.level for e in notation.system.equations] == [1, 2, 2]
    assert [(i.letter, i.column, i.level) for i in notation.system.indices] == [
        ("i", None, 1), ("j", "school", 2)]


def test_stated_covariance_and_residual_variance_are_kept() -> None:
    model = parse_equations(SLOPES + "(u_0j, u_1j) ~ N(0, diag(t_0, t_1))\ne_ij ~ N(0, s^2)")
    notation = model.symbols
    assert notation is not None
    first, second = model.model.random
    assert notation.covariances[first] == sp.ImmutableMatrix([[sp.Symbol("t_0")]])
    assert notation.covariances[second] == sp.ImmutableMatrix([[sp.Symbol("t_1")]])
    assert notation.residual_variance == sp.Symbol("s") ** 2
