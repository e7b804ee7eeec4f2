"""Systems as textbooks, papers and equatiomatic print them: the formula they mean, or a positioned error.

A different model without a word is the worst outcome for a user converting equations: every case
here either reads as the formula the source means or fails with an error that points into the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from notation.errors import SpecMeaningError, SpecSyntaxError
from notation.parse import parse_spec
from notation.parse.formula import parse_formula

READ = [
    # a predictor written without its index is still a predictor (it vanished)
    ("unindexed predictor", "Y_{ij} = \\beta_{0j} + \\beta_1 X + e_{ij}\n\\beta_{0j} = \\gamma_{00} + u_{0j}",
     "Y ~ 1 + X + (1 | j)"),
    ("equatiomatic's operatorname predictor",
     "Y_{ij} = \\beta_{0j} + \\beta_{1}(\\operatorname{wave}) + e_{ij}\n\\beta_{0j} = \\gamma_{00} + u_{0j}",
     "Y ~ 1 + wave + (1 | j)"),
    # equatiomatic's random intercept: mu_{alpha_{j}} is the mean of alpha_j, not an effect
    ("equatiomatic random intercept",
     "\\operatorname{y}_{i} \\sim N \\left(\\alpha_{j[i]}, \\sigma^2 \\right)\n"
     "\\alpha_{j} \\sim N \\left(\\mu_{\\alpha_{j}}, \\sigma^2_{\\alpha_{j}} \\right)\nj: g",
     "y ~ 1 + (1 | g)"),
    ("variance with its superscript first", "y_i \\sim N(\\alpha_{j[i]} + \\beta x_i, \\sigma^2)\n"
     "\\alpha_{j} \\sim N(\\mu_{\\alpha}, \\sigma^2_{\\alpha})", "y ~ 1 + x + (1 | j)"),
    ("Gelman–Hill varying slopes with a vector of means",
     "y_i = \\alpha_{j[i]} + \\beta_{j[i]} x_i + \\epsilon_i\n"
     "(\\alpha_j, \\beta_j) \\sim N((\\mu_\\alpha, \\mu_\\beta), \\Sigma)", "y ~ 1 + x + (1 + x | j)"),
    # nesting said through the mean: each school's alpha_j varies around its district's gamma_k
    ("Gelman–Hill nesting",
     "y_i = \\alpha_{j[i]} + \\epsilon_i\n\\alpha_j \\sim N(\\gamma_{k[j]}, \\sigma^2_\\alpha)\n"
     "\\gamma_k \\sim N(\\mu_\\gamma, \\sigma^2_\\gamma)\nj: school\nk: district",
     "y ~ 1 + (1 | district) + (1 | district:school)"),
    ("Gelman–Hill crossed", "y_i = \\mu + a_{j[i]} + b_{k[i]} + e_i\nj: g\nk: h",
     "y ~ 1 + (1 | g) + (1 | h)"),
    # a varying intercept whose mean no line states: the mean is the intercept (seed 002's model 2)
    ("seed 002 model 2", "$$y_i \\sim \\mathcal{N}(\\alpha_c + \\beta X_i, \\sigma^2)$$",
     "y ~ 1 + X + (1 | c)"),
    ("a mean of 0 stated: no intercept", "y_ij = b_1*x_ij + u_0j + e_ij\nu_0j ~ N(0, tau^2)",
     "y ~ 0 + x + (1 | j)"),
    # person-period notation: i is the person (the level-2 equations carry it), j the occasion
    ("Singer & Willett", "Y_{ij} = \\pi_{0i} + \\pi_{1i}TIME_{ij} + \\epsilon_{ij}\n"
     "\\pi_{0i} = \\gamma_{00} + \\gamma_{01}COA_i + \\zeta_{0i}\n"
     "\\pi_{1i} = \\gamma_{10} + \\gamma_{11}COA_i + \\zeta_{1i}\ni: person",
     "Y ~ 1 + COA + TIME + COA:TIME + (1 + TIME | person)"),
    ("iid-annotated ~, \\label, equation environments, comma-separated statements, a range line",
     "\\begin{equation}\\label{eq:m}\n"
     "Y_{ij} = \\beta_{0j} + e_{ij}, \\quad e_{ij} \\overset{iid}{\\sim} N(0, \\sigma^2)\n\\end{equation}\n"
     "\\beta_{0j} = \\gamma_{00} + u_{0j}, \\quad u_{0j} \\stackrel{iid}{\\sim} N(0, \\tau_{00})\n"
     "j = 1, \\ldots, J", "Y ~ 1 + (1 | j)"),
    # seed 000's way: u ~ N(0, G) beside G written out (diagonal: independent effects) and R = I sigma^2
    ("named G and R", "$$Y_{ij} = \\beta_{0j} + \\beta_{1j}X_{ij} + e_{ij}$$\n"
     "$$\\beta_{0j} = \\gamma_{00} + u_{0j}$$\n"
     "$$\\beta_{1j} = \\gamma_{10} + u_{1j}$$\n$$\\mathbf{u} \\sim \\mathcal{N}(\\mathbf{0}, \\mathbf{G})$$\n"
     "$$\\mathbf{G} = \\begin{bmatrix} \\sigma^2_{int} & 0 \\\\ 0 & \\sigma^2_{slope} \\end{bmatrix}$$\n"
     "$$\\mathbf{R} = \\mathbf{I}\\sigma^2_\\varepsilon$$", "Y ~ 1 + X + (1 | j) + (0 + X | j)"),
    # moments as statements: a Cov joins two effects in one block; Var lines alone keep them apart
    ("Var and Cov statements", "Y_ij = beta_0j + beta_1j*X_ij + e_ij\nbeta_0j = gamma_00 + u_0j\n"
     "beta_1j = gamma_10 + u_1j\nVar(u_0j) = tau_00\nVar(u_1j) = tau_11\nCov(u_0j, u_1j) = tau_01",
     "Y ~ 1 + X + (1 + X | j)"),
    ("Var statements in LaTeX",
     "Y_{ij} = \\beta_{0j} + \\beta_{1j}X_{ij} + e_{ij}\n\\beta_{0j} = \\gamma_{00} + u_{0j}\n"
     "\\beta_{1j} = \\gamma_{10} + u_{1j}\n\\mathrm{Var}(u_{0j}) = \\tau_{00}\n"
     "\\operatorname{Var}(u_{1j}) = \\tau_{11}",
     "Y ~ 1 + X + (1 | j) + (0 + X | j)"),
    ("Raudenbush & Bryk, three levels", "Y_ijk = pi_0jk + pi_1jk*a_ijk + e_ijk\npi_0jk = beta_00k + r_0jk\n"
     "pi_1jk = beta_10k\nbeta_00k = gamma_000 + u_00k\nbeta_10k = gamma_100",
     "Y ~ 1 + a + (1 | k) + (1 | k:j)"),
]

EQUATIOMATIC = Path(__file__).resolve().parent.parent / "data" / "equations" / "equatiomatic"
# equatiomatic's extract_eq() of lmer fits, pasted verbatim: its legend names the column of j
PRINTED_BY_EQUATIOMATIC = [
    ("lmer_intercept.tex", "score ~ 1 + wave + (1 | sid)"),  # score ~ wave + (1 | sid)
    ("lmer_slope.tex", "score ~ 1 + wave + (1 + wave | sid)"),  # its \\left(\\begin{array}… vectors
    # transformed predictors printed as one name: \\operatorname{\\log(Days\\ +\\ 1)}, poly()'s Days^2
    ("lmer_transformed.tex", "Reaction ~ log(1 + Days) + exp(Days) + Days + I(Days^2) + (1 | Subject)"),
]


@pytest.mark.parametrize(("name", "formula"), PRINTED_BY_EQUATIOMATIC)
def test_equatiomatic_output_reads_back(name: str, formula: str) -> None:
    assert parse_spec((EQUATIOMATIC / name).read_text(encoding="utf-8")).model == parse_formula(formula)


REFUSED = [
    # correlated residuals of unstated structure (seed 002 model 5a): not sigma^2 I without a word
    ("residual with a covariance matrix",
     "y_{ic} = \\alpha_c + \\beta X_{ic} + e_{ic}\ne_{ic} \\sim N(0, \\Sigma)", "covariance matrix", 2),
    ("two unindexed constants", "Y_{ij} = \\gamma_{00} + \\beta_1 \\gamma_2 + u_{0j} + e_{ij}",
     "cannot tell which", 1),
    ("a second intercept", "Y_{ij} = \\gamma_{00} + \\mu + u_{0j} + e_{ij}", "two fixed intercepts", 1),
    # a derivation chain whose last line dropped X_ij: the last line used to win without a word
    ("a derivation line that drops a variable",
     "Y_{ij} = \\beta_{0j} + \\beta_1 R_{ij} + \\beta_2 X_{ij} + \\epsilon_{ij}\n"
     "= \\gamma_0 + \\gamma_1 Z_j + u_j + \\beta_1 R_{ij} + \\epsilon_{ij}", "differ in X", 2),
    ("a covariance without its variances", "Y_ij = beta_0j + beta_1j*X_ij + e_ij\nbeta_0j = gamma_00 + u_0j\n"
     "beta_1j = gamma_10 + u_1j\nCov(u_0j, u_1j) = tau_01", "no Var", 4),
    # a variance for an effect the equations never use would describe nothing
    ("a distribution of an unused effect", "y_i = a_{j[i]} + e_i\n(a_j, b_j) \\sim N((m_1, m_2), S)",
     "b_j has a distribution", 2),
    ("a Var line of an unused effect", "Y_ij = beta_0j + e_ij\nbeta_0j = g + u_0j\nVar(w_0j) = 1",
     "w_0j has a distribution", 3),
    ("two effects on one column", "Y_ij = gamma_00 + u_0j + w_0j + e_ij", "two random effects", None),
    ("means that do not match the variables", "y_i = \\alpha_{j[i]} + \\beta_{j[i]} x_i + e_i\n"
     "(\\alpha_j, \\beta_j) \\sim N((\\mu_1, \\mu_2, \\mu_3), \\Sigma)", "3 means", None),
]


@pytest.mark.parametrize(("text", "formula"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_reads_as_the_source_means(text: str, formula: str) -> None:
    assert parse_spec(text).model == parse_formula(formula)


@pytest.mark.parametrize(("text", "message", "line"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_with_a_positioned_error(text: str, message: str, line: int | None) -> None:
    with pytest.raises((SpecMeaningError, SpecSyntaxError), match=message) as info:
        parse_spec(text)
    assert info.value.hint
    if line is not None:
        assert info.value.line == line
