"""Second pass, as users write systems: other letters, Unicode, comments, pasted prose, centering,
responses written as distributions, and the term order the formula keeps."""

from __future__ import annotations

import pytest

from notation.parse.equations import parse_equations
from notation.parse.formula import parse_formula
from notation.render import format_formula

CASES = [
    ("Raudenbush–Bryk growth", r"Y_{ti} = \pi_{0i} + \pi_{1i} a_{ti} + e_{ti}" "\n"
     r"\pi_{0i} = \beta_{00} + r_{0i}" "\n" r"\pi_{1i} = \beta_{10} + r_{1i}", "Y ~ a + (a | i)"),
    ("three-level growth, time in person in school",
     r"Y_{tij} = \pi_{0ij} + \pi_{1ij} \text{time}_{tij} + e_{tij}" "\n"
     r"\pi_{0ij} = \beta_{00j} + r_{0ij}" "\n" r"\pi_{1ij} = \beta_{10j} + r_{1ij}" "\n"
     r"\beta_{00j} = \gamma_{000} + \gamma_{001} \text{SES}_{j} + u_{00j}" "\n"
     r"\beta_{10j} = \gamma_{100} + u_{10j}" "\ni: person\nj: school",
     "Y ~ time + SES + (time | school/person)"),
    ("operatorname, mathrm, varepsilon, zeta",
     r"Y_{ij} = \beta_{0j} + \beta_{1j} \operatorname{ses}_{ij} + \varepsilon_{ij}" "\n"
     r"\beta_{0j} = \gamma_{00} + \gamma_{01} \mathrm{sector}_j + \zeta_{0j}" "\n"
     r"\beta_{1j} = \gamma_{10} + \zeta_{1j}", "Y ~ ses + sector + (ses | j)"),
    ("Unicode Greek and a superscript two", "Y_ij = β_0j + β_1*X_ij + ε_ij\nβ_0j = γ_00 + u_0j\n"
     "u_0j ~ N(0, τ²)", "Y ~ X + (1 | j)"),
    ("level 2 before level 1", "beta_0j = gamma_00 + gamma_01*Z_j + u_0j\n"
     "Y_ij = beta_0j + beta_1*X_ij + e_ij", "Y ~ X + Z + (1 | j)"),
    ("Windows line endings, blank lines, # comments",
     "Y_ij = beta_0j + beta_1*X_ij + e_ij\r\n\r\n# the school level\r\n"
     "beta_0j = gamma_00 + u_0j  # intercepts\r\nj: school  # the column\r\n",
     "Y ~ X + (1 | school)"),
    ("% comments in plain text", "% level 1\nY_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j",
     "Y ~ 1 + (1 | j)"),
    ("inline equations inside a pasted sentence",
     r"The model is $Y_{ij} = \beta_{0j} + \beta_1 X_{ij} + \epsilon_{ij}$ where "
     r"$\beta_{0j} = \gamma_{00} + u_{0j}$, and $X_{ij} = 0$ is the baseline.", "Y ~ X + (1 | j)"),
    ("inline equations on one line, comma between", r"$Y_{ij} = \beta_{0j} + r_{ij}$, "
     r"$\beta_{0j} = \gamma_{00} + u_{0j}$", "Y ~ 1 + (1 | j)"),
    ("HLM letters: r for the residual, MEANSES",
     r"Y_{ij} = \beta_{0j} + \beta_{1j}(\text{SES}_{ij}) + r_{ij}" "\n"
     r"\beta_{0j} = \gamma_{00} + \gamma_{01}\text{MEANSES}_{j} + u_{0j}" "\n"
     r"\beta_{1j} = \gamma_{10} + u_{1j}", "Y ~ MEANSES + SES + (SES | j)"),
    ("a column of group means, centred", "Y_ij = beta_0j + beta_1*(X_ij - Xbar_j) + e_ij\n"
     "beta_0j = gamma_00 + u_0j", "Y ~ I(X - Xbar) + (1 | j)"),
    ("centred with a random slope and a cross-level interaction",
     "Y_ij = beta_0j + beta_1j*(X_ij - Xbar_j) + e_ij\nbeta_0j = gamma_00 + u_0j\n"
     "beta_1j = gamma_10 + gamma_11*W_j + u_1j",
     "Y ~ I(X - Xbar) + W:I(X - Xbar) + (1 + I(X - Xbar) | j)"),
    ("subtracted term", "Y_ij = gamma_00 - gamma_10*X_ij + u_0j + e_ij", "Y ~ X + (1 | j)"),
    ("seed 002 model 2: the response as a distribution",
     r"$$y_i \sim \mathcal{N}(\alpha_c + \beta X_i, \sigma^2)$$" "\n"
     r"$$\alpha_c \sim \mathcal{N}(\mu_\alpha + \beta^* X_c^*, \tau^2)$$", "y ~ X + `X^*` + (1 | c)"),
    # alpha_c is the cluster's intercept: its unstated mean is the model's (it was lost: y ~ 0 + X)
    ("seed 002 model 2 without the cluster predictor",
     r"$$y_i \sim \mathcal{N}(\alpha_c + \beta X_i, \sigma^2)$$", "y ~ 1 + X + (1 | c)"),
    ("no intercept, random slope only", "Y_ij = beta_1j*X_ij + e_ij\nbeta_1j = gamma_10 + u_1j",
     "Y ~ 0 + X + (0 + X | j)"),
    ("negative power in TeX: ^{-1}, not a variable 'X^-1'",
     r"Y_{ij} = \beta_{0j} + \beta_1 X_{ij}^{-1} + e_{ij}" "\n" r"\beta_{0j} = \gamma_{00} + u_{0j}",
     "Y ~ I(1/X) + (1 | j)"),
    ("names with spaces: \\text{prior score} and an index line j: the school",
     r"Y_{ij} = \beta_{0j} + \beta_1 \text{prior score}_{ij} + e_{ij}" "\n"
     r"\beta_{0j} = \gamma_{00} + u_{0j}" "\nj: the school", "Y ~ `prior score` + (1 | `the school`)"),
    ("numbered predictors X_{1ij}, X_{2ij} are two variables (were both X)",
     r"Y_{ij} = \beta_{0j} + \beta_{1j} X_{1ij} + \beta_{2j} X_{2ij} + r_{ij}" "\n"
     r"\beta_{0j} = \gamma_{00} + u_{0j}" "\n" r"\beta_{1j} = \gamma_{10}" "\n" r"\beta_{2j} = \gamma_{20}",
     "Y ~ X1 + X2 + (1 | j)"),
    ("\\text{Level 1:} labels in an aligned block",
     "\\begin{aligned}\n" r"\text{Level 1:}\quad Y_{ij} &= \beta_{0j} + \beta_{1j} X_{ij} + r_{ij} \\" "\n"
     r"\text{Level 2:}\quad \beta_{0j} &= \gamma_{00} + u_{0j} \\" "\n"
     r"\beta_{1j} &= \gamma_{10} + u_{1j}" "\n\\end{aligned}", "Y ~ X + (X | j)"),
    ("Gelman–Hill: the mean of alpha_j ~ N(mu_alpha, .) is the intercept of alpha_{j[i]}",
     r"y_i = \alpha_{j[i]} + \beta x_i + \epsilon_i" "\n" r"\alpha_j \sim N(\mu_\alpha, \sigma_\alpha^2)",
     "y ~ x + (1 | j)"),
    ("Gelman–Hill: a vector of means for varying intercepts and slopes",
     r"y_i = \alpha_{j[i]} + \beta_{j[i]} x_i + \epsilon_i" "\n" r"\begin{pmatrix}\alpha_j \\ \beta_j"
     r"\end{pmatrix} \sim N\left(\begin{pmatrix}\mu_\alpha \\ \mu_\beta\end{pmatrix}, \Sigma\right)",
     "y ~ x + (x | j)"),
    ("negative power in plain text: ^(-1)", "Y_ij = beta_0j + beta_1*X_ij^(-1) + e_ij\n"
     "beta_0j = gamma_00 + u_0j", "Y ~ I(1/X) + (1 | j)"),
]


@pytest.mark.parametrize(("text", "formula"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_system_reads_as_formula(text: str, formula: str) -> None:
    assert parse_equations(text).model == parse_formula(formula)


ORDER = [
    ("seed 001 slopes: level-1 order, each coefficient's level-2 terms in place",
     "Y_ij = beta_0j + beta_1j*R_ij + beta_2*X_ij + e_ij\nbeta_0j = gamma_00 + gamma_01*Z_j + "
     "gamma_02*S_j + u_0j\nbeta_1j = gamma_10 + gamma_11*Z_j + u_1j\nj: school",
     "Y ~ 1 + Z + S + R + X + Z:R + (1 + R | school)"),
    ("seed 000 as written, not alphabetical",
     "Y_ij = beta_0j + beta_1*Age_ij + beta_2*Married_ij + beta_3*Sex_ij + beta_4*WBC_ij + "
     "beta_5*RBC_ij + e_ij\nbeta_0j = gamma_00 + u_0j", "Y ~ 1 + Age + Married + Sex + WBC + RBC + (1 | j)"),
    ("level 2 first still reads level 1 first",
     "beta_0j = gamma_00 + gamma_01*Z_j + u_0j\nY_ij = beta_0j + beta_1*X_ij + e_ij",
     "Y ~ 1 + Z + X + (1 | j)"),
    ("random effects in written order", "Y_i = b_0 + v_{k[i]} + u_{j[i]} + e_i",
     "Y ~ 1 + (1 | k) + (1 | j)"),
]


@pytest.mark.parametrize(("text", "printed"), [c[1:] for c in ORDER], ids=[c[0] for c in ORDER])
def test_formula_keeps_the_order_of_the_equations(text: str, printed: str) -> None:
    assert format_formula(parse_equations(text)) == printed
