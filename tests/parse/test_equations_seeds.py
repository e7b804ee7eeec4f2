"""Every equation system of the three seed documents, verbatim, reads as its lme4 formula.

The systems are copied byte for byte from the seeds into tests/data/equations/ (``$$…$$``
delimiters, ``L1 :`` labels, ``aligned`` blocks, trailing ``.`` and ``,``, continuation lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notation.parse.equations import parse_equations
from notation.parse.formula import parse_formula

DATA = Path(__file__).resolve().parent.parent / "data" / "equations"

CASES = [
    # seed 000: the L1/L2 system and its combined single equation (SEX as written there)
    ("seed000_levels.tex", "Y ~ 1 + Age + Married + Sex + WBC + RBC + (1 | j)"),
    ("seed000_combined.tex", "Y ~ 1 + Age + Married + SEX + WBC + RBC + (1 | j)"),
    # seed 001 §2: random intercept, its reduced forms, the OLS-looking and the mu/tau forms
    ("seed001_intercept.tex", "Y ~ R + X + Z + S + (1 | j)"),
    ("seed001_intercept_distribution.tex", "Y ~ R + X + Z + S + (1 | j)"),
    ("seed001_intercept_reduced.tex", "Y ~ R + X + Z + S + (1 | j)"),
    ("seed001_intercept_ij.tex", "Y ~ R + X + Z + S + (1 | j)"),
    ("seed001_intercept_mu_tau.tex", "Y ~ R + X + Z + S + (1 | j)"),
    # the econometricians' form hides the random intercept in one error term: no random part left
    ("seed001_intercept_econometric.tex", "Y ~ R + X + Z + S"),
    # seed 001 §3: random slopes, with both covariance displays as printed
    ("seed001_slopes.tex", "Y ~ R*Z + X + S + (R | j)"),
    ("seed001_slopes_covariance.tex", "Y ~ R*Z + X + S + (R | j)"),
    ("seed001_slopes_correlation.tex", "Y ~ R*Z + X + S + (R | j)"),
    ("seed001_slopes_reduced.tex", "Y ~ R*Z + X + S + (R | j)"),
    ("seed001_slopes_mu_tau.tex", "Y ~ R*Z + X + S + (R | j)"),
    ("seed001_slopes_econometric.tex", "Y ~ R*Z + X + S"),
    # the paper's rearrangement puts u_1j in front of Z_j (the text means R_ij): read as written
    ("seed001_slopes_rearranged.tex", "Y ~ R*Z + X + S + (Z | j)"),
    # seed 001 §3.3: Gelman–Hill brackets
    ("seed001_bracket.tex", "Y ~ R*Z + X + S + (R | j)"),
    # seed 002: model 1a (intercept as a distribution with a mean), 1b, its two reduced forms, 4a
    ("seed002_model1a.tex", "y ~ X + (1 | c)"),
    ("seed002_model1b.tex", "y ~ X + (1 | c)"),
    ("seed002_model1b_reduced.tex", "y ~ X + (1 | c)"),
    ("seed002_model1b_error.tex", "y ~ X + (1 | c)"),
    # 4a lumps gamma_c[i] with the error and states no mean: the varying intercept's mean is the intercept
    ("seed002_model4a.tex", "y ~ 1 + X + (1 | c)"),
]


@pytest.mark.parametrize(("name", "formula"), CASES, ids=[c[0] for c in CASES])
def test_seed_system_reads_as_its_formula(name: str, formula: str) -> None:
    assert parse_equations((DATA / name).read_text(encoding="utf-8")).model == parse_formula(formula)


@pytest.mark.parametrize(("index", "formula"), [
    (None, "Y ~ Age + Married + Sex + WBC + RBC + (1 | j)"),
    ({"j": "doctor"}, "Y ~ Age + Married + Sex + WBC + RBC + (1 | doctor)"),
])
def test_index_argument_names_the_grouping_column(index: dict[str, str] | None, formula: str) -> None:
    text = (DATA / "seed000_levels.tex").read_text(encoding="utf-8")
    assert parse_equations(text, index=index).model == parse_formula(formula)
