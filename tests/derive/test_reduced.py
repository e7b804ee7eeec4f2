"""The reduced form equals the composite equation each seed prints (SymPy difference is 0)."""

from __future__ import annotations

import pytest
import sympy as sp
from seed_models import seed000_doctors, seed001_intercept, seed001_slope, seed002_model1b

from notation.derive import reduced_form
from notation.ir import Model, RandomBlock, Term

S = sp.Symbol
Y_ij, R, X, Z, SS = S("Y_ij"), S("R_ij"), S("X_ij"), S("Z_j"), S("S_j")

CASES = [
    # seed 001 §2.1, last line: γ0 + γ1Z_j + γ2S_j + β1R_ij + β2X_ij + (u_j + ε_ij)
    (seed001_intercept, Y_ij,
     S("gamma_0") + S("gamma_1") * Z + S("gamma_2") * SS + S("beta_1") * R + S("beta_2") * X,
     S("u_j"), S("epsilon_ij")),
    # seed 001 §3.1, last line: γ00 + (γ01 + γ11R_ij)Z_j + γ02S_j + γ10R_ij + β2X_ij + (u0j + u1jR_ij + ε_ij)
    (seed001_slope, Y_ij,
     S("gamma_00") + (S("gamma_01") + S("gamma_11") * R) * Z + S("gamma_02") * SS + S("gamma_10") * R
     + S("beta_2") * X,
     S("u_0j") + S("u_1j") * R, S("epsilon_ij")),
    # seed 000: (γ00 + u0j) + γ10Age + γ20Married + γ30Sex + γ40WBC + γ50RBC + e_ij
    (seed000_doctors, Y_ij,
     S("gamma_00") + S("gamma_10") * S("Age_ij") + S("gamma_20") * S("Married_ij")
     + S("gamma_30") * S("Sex_ij") + S("gamma_40") * S("WBC_ij") + S("gamma_50") * S("RBC_ij"),
     S("u_0j"), S("e_ij")),
    # seed 002 model 1b: y_ic = μ_α + βX_ic + (γ_c + e_ic)
    (seed002_model1b, S("y_ic"), S("mu_alpha") + S("beta") * S("X_ic"), S("gamma_c"), S("e_ic")),
]


@pytest.mark.parametrize(("build", "lhs", "fixed", "random", "residual"), CASES)
def test_reduced_form_matches_the_seed(build, lhs, fixed, random, residual) -> None:
    form = reduced_form(build())
    assert form.lhs == lhs
    assert sp.simplify(form.fixed - fixed) == 0
    assert sp.simplify(form.random - random) == 0
    assert form.residual == residual
    assert sp.simplify(form.rhs - (fixed + random + residual)) == 0


def test_reduced_form_keeps_the_users_order() -> None:
    form = reduced_form(seed000_doctors())
    assert [c for c, _ in form.fixed_terms] == [S(f"gamma_{k}0") for k in range(6)]
    assert form.fixed_terms[1][1] == (S("Age_ij"),)


FORMULA_CASES = [
    ("beta", S("beta_0") + S("beta_1") * S("Days_ij"), S("b_0j") + S("b_1j") * S("Days_ij")),
    ("gamma", S("gamma_00") + S("gamma_10") * S("Days_ij"), S("u_0j") + S("u_1j") * S("Days_ij")),
]


@pytest.mark.parametrize(("letters", "fixed", "random"), FORMULA_CASES)
def test_formula_spec_gets_canonical_symbols(letters, fixed, random) -> None:
    days = Term.of("Days")
    model = Model(S("Reaction"), True, (days,), (RandomBlock(True, (days,), ("Subject",)),))
    form = reduced_form(model, letters)
    assert form.lhs == S("Reaction_ij")
    assert sp.expand(form.fixed - fixed) == 0
    assert sp.expand(form.random - random) == 0
    assert form.residual == S("e_ij")


def test_crossed_groupings_use_brackets() -> None:
    model = Model(S("y"), True, (), (RandomBlock(True, (), ("plate",)), RandomBlock(True, (), ("sample",))))
    form = reduced_form(model)
    assert form.lhs == S("y_i")
    assert form.random == S("b_0j[i]") + S("b_0k[i]")


@pytest.mark.parametrize(("build", "order"), [
    (seed001_slope, ("gamma_00", "gamma_01", "gamma_02", "gamma_10", "gamma_11", "beta_2")),
    (seed001_intercept, ("gamma_0", "gamma_1", "gamma_2", "beta_1", "beta_2")),
])
def test_equation_specs_follow_the_seeds_substitution_order(build, order) -> None:
    assert tuple(c for c, _ in reduced_form(build()).fixed_terms) == tuple(S(n) for n in order)
