"""The seeds' equation systems as specs: IR models with the user's symbols, built by hand.

Each entry is what the equation parser yields for that seed's equations; the reduced-form tests
compare our derivation with the composite equation the seed prints.
"""

from __future__ import annotations

import sympy as sp

from notation.ir import EquationSystem, Index, LevelEquation, Model, RandomBlock, Spec, Symbols, Term

S = sp.Symbol


def seed001_intercept() -> Spec:
    """Seed 001 §2: Y_ij = α_j + β1 R_ij + β2 X_ij + ε_ij; α_j = γ0 + γ1 Z_j + γ2 S_j + u_j."""
    r, x, z, s = (Term.of(v) for v in "RXZS")
    block = RandomBlock(True, (), ("id",))
    notation = Symbols(
        response=S("Y_ij"), residual=S("epsilon_ij"), intercept=S("gamma_0"),
        variables={"R": S("R_ij"), "X": S("X_ij"), "Z": S("Z_j"), "S": S("S_j")},
        coefficients={r: S("beta_1"), x: S("beta_2"), z: S("gamma_1"), s: S("gamma_2")},
        random_effects={block: (S("u_j"),)},
        covariances={block: sp.Matrix([[S("sigma_alpha") ** 2]])},
        system=EquationSystem(
            equations=(
                LevelEquation(S("Y_ij"), S("alpha_j") + S("beta_1") * S("R_ij") + S("beta_2") * S("X_ij")
                              + S("epsilon_ij"), 1),
                LevelEquation(S("alpha_j"), S("gamma_0") + S("gamma_1") * S("Z_j") + S("gamma_2") * S("S_j")
                              + S("u_j"), 2),
            ),
            indices=(Index("i", None, 1), Index("j", "id", 2)),
        ),
    )
    return Spec(Model(S("Y"), True, (r, x, z, s), (block,)), notation)


def seed001_slope() -> Spec:
    """Seed 001 §3: random slope on R, treatment Z at level 2, cross-level interaction R:Z."""
    r, x, z, s, rz = Term.of("R"), Term.of("X"), Term.of("Z"), Term.of("S"), Term.of("Z", "R")
    beta0, beta1 = S("beta_0j"), S("beta_1j")
    tau = sp.Matrix([[S("tau_00"), S("tau_10")], [S("tau_10"), S("tau_11")]])
    block = RandomBlock(True, (r,), ("id",))
    notation = Symbols(
        response=S("Y_ij"), residual=S("epsilon_ij"), intercept=S("gamma_00"),
        variables={"R": S("R_ij"), "X": S("X_ij"), "Z": S("Z_j"), "S": S("S_j")},
        coefficients={r: S("gamma_10"), z: S("gamma_01"), s: S("gamma_02"), rz: S("gamma_11"),
                      x: S("beta_2")},
        random_effects={block: (S("u_0j"), S("u_1j"))},
        covariances={block: tau},
        system=EquationSystem(
            equations=(
                LevelEquation(S("Y_ij"), beta0 + beta1 * S("R_ij") + S("beta_2") * S("X_ij")
                              + S("epsilon_ij"), 1),
                LevelEquation(beta0, S("gamma_00") + S("gamma_01") * S("Z_j") + S("gamma_02") * S("S_j")
                              + S("u_0j"), 2),
                LevelEquation(beta1, S("gamma_10") + S("gamma_11") * S("Z_j") + S("u_1j"), 2),
            ),
            indices=(Index("i", None, 1), Index("j", "id", 2)),
        ),
    )
    return Spec(Model(S("Y"), True, (r, z, x, s, rz), (block,)), notation)


def seed000_doctors() -> Spec:
    """Seed 000: L1 with Age, Married, Sex, WBC, RBC; L2 β0j = γ00 + u0j, the others fixed."""
    names = ("Age", "Married", "Sex", "WBC", "RBC")
    terms = tuple(Term.of(n) for n in names)
    block = RandomBlock(True, (), ("DID",))
    notation = Symbols(
        response=S("Y_ij"), residual=S("e_ij"), intercept=S("gamma_00"),
        variables={n: S(f"{n}_ij") for n in names},
        coefficients={t: S(f"gamma_{k + 1}0") for k, t in enumerate(terms)},
        random_effects={block: (S("u_0j"),)},
    )
    return Spec(Model(S("Y"), True, terms, (block,)), notation)


def seed002_model1b() -> Spec:
    """Seed 002 model 1b: y_ic = α_c + β X_ic + e_ic; α_c = μ_α + γ_c; γ_c ~ N(0, τ²)."""
    x = Term.of("X")
    block = RandomBlock(True, (), ("c",))
    notation = Symbols(
        response=S("y_ic"), residual=S("e_ic"), intercept=S("mu_alpha"),
        variables={"X": S("X_ic")}, coefficients={x: S("beta")},
        random_effects={block: (S("gamma_c"),)},
        covariances={block: sp.Matrix([[S("tau") ** 2]])},
    )
    return Spec(Model(S("y"), True, (x,), (block,)), notation)
