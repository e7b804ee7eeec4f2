"""Systems as textbooks, papers and equatiomatic print them: the formula they mean, or a positioned error.

A different model without a word is the worst outcome for a user converting equations: every case
here either reads as the formula the source means or fails with an error that points into the text.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # a combined equation broken over lines: the line that ends, or the next that starts, with an operator
    ("a combined model over two rows", "\\begin{aligned}\nY_{ij} &= \\gamma_{00} + \\gamma_{10}X_{ij} \\\\\n"
     "&\\quad + u_{0j} + e_{ij}\n\\end{aligned}", "Y ~ 1 + X + (1 | j)"),
    ("a plain line ending in +", "Y_ij = gamma_00 + gamma_10*X_ij +\n  u_0j + e_ij", "Y ~ 1 + X + (1 | j)"),
    # equatiomatic's ital_vars = TRUE: names without \\operatorname, an underscore escaped
    ("equatiomatic's italic variables",
     "\\operatorname{score}_{i} \\sim N(\\alpha_{j[i]} + \\beta_{1}(prop\\_low) + \\beta_{2}(wave), "
     "\\sigma^2)\n\\alpha_{j} \\sim N(\\mu_{\\alpha_{j}}, \\sigma^2_{\\alpha_{j}}) "
     "\\text{, for sid j = 1,} \\dots \\text{,J}",
     "score ~ 1 + prop_low + wave + (1 | sid)"),
    # a one-letter variable in \\operatorname is a variable (y ~ x * z), not a lone-letter coefficient
    ("equatiomatic's one-letter variables",
     "\\operatorname{y}_{i} \\sim N(\\alpha_{j[i]} + \\beta_{1}(\\operatorname{x}) + "
     "\\beta_{2}(\\operatorname{x} \\times \\operatorname{z}), \\sigma^2)\n"
     "\\alpha_{j} \\sim N(\\mu_{\\alpha_{j}}, \\sigma^2_{\\alpha_{j}})"
     "\\text{, for g j = 1,} \\dots \\text{,J}",
     "y ~ x + x:z + (1 | g)"),
    # (0 + x | g): a fixed alpha beside a slope that varies
    ("equatiomatic's slope without its intercept",
     "\\operatorname{y}_{i} \\sim N(\\alpha + \\beta_{1j[i]}(\\operatorname{x}), \\sigma^2)\n"
     "\\beta_{1j} \\sim N(\\mu_{\\beta_{1j}}, \\sigma^2_{\\beta_{1j}})"
     "\\text{, for g j = 1,} \\dots \\text{,J}",
     "y ~ x + (0 + x | g)"),
    # one coefficient of two groupings, its mean stated on one line only
    ("a coefficient of two groupings",
     "y_i = \\alpha_{j[i],k[i]} + e_i\n\\alpha_j \\sim N(\\mu_\\alpha, \\tau^2_j)\n"
     "\\alpha_k \\sim N(0, \\tau^2_k)\nj: school\nk: rater", "y ~ 1 + (1 | school) + (1 | rater)"),
    # Goldstein's cross-classified subscript: unit i in cell (j, k) of two crossed groupings
    ("Goldstein cross-classified", "y_{i(jk)} = \\beta_0 + \\beta_1 x_{i(jk)} + u_j + v_k + e_{i(jk)}\n"
     "u_j \\sim N(0, \\sigma^2_u), \\quad v_k \\sim N(0, \\sigma^2_v),\n"
     "e_{i(jk)} \\sim N(0, \\sigma^2_e)\n"
     "j: school\nk: neighbourhood", "y ~ 1 + x + (1 | school) + (1 | neighbourhood)"),
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
    # equatiomatic's own snapshots (tests/testthat/_snaps/lmerMod.md), one file per snapshot, named by its
    # test; the comment is the lmer() call of tests/testthat/test-lmerMod.R (poly(x, 4) prints x, x^2, …)
    # Math extraction: log(Days + 1) + exp(Days) + poly(Days, 4) + (1 | Subject)
    ("math_extraction_m1.tex", "Reaction ~ log(1 + Days) + exp(Days) + Days + I(Days^2) + I(Days^3)"
                               " + I(Days^4) + (1 | Subject)"),
    # log(wave + 1) + exp(prop_low) + (log(wave + 1) | sid): level 1 prints beta_1 without its j[i]
    ("math_extraction_m2.tex", "score ~ log(1 + wave) + exp(prop_low) + (1 + log(1 + wave) | sid)"),
    # wave + poly(prop_low, 4) + (wave | sid) + (wave | school) + (wave | district): alpha_{j[i],k[i],l[i]}
    ("math_extraction_m3.tex", "score ~ wave + prop_low + I(prop_low^2) + I(prop_low^3) + I(prop_low^4)"
                               " + (1 + wave | sid) + (1 + wave | school) + (1 + wave | district)"),
    # wave + treatment + (wave | sid) + (wave | school): a group-level predictor in the mean vector
    ("implicit_id.tex", "score ~ wave + treatment + (1 + wave | sid) + (1 + wave | school)"),
    # swap_var_names: the columns are called as printed; gamma_{1k[i]}^{alpha}: random slopes of school
    ("renaming_variables.tex", "score ~ Wave + group + treatment + `P(low income)` + (1 + Wave | sid)"
                               " + (1 + Wave + group + treatment | school)"
                               " + (1 + Wave + treatment + `P(low income)` | district)"),
    ("really_big_model.tex", "rt ~ 0 + n1_intercept + n1_warning1 + n1_cuing1 + x1_intercept + x1_warning1"
                             " + x1_cuing1 + n2_intercept + n2_warning1 + n2_cuing1 + x2_intercept"
                             " + x2_warning1 + x2_cuing1 + (0 + n1_intercept + n1_warning1 + n1_cuing1"
                             " + x1_intercept + x1_warning1 + x1_cuing1 + n2_intercept + n2_warning1"
                             " + n2_cuing1 + x2_intercept + x2_warning1 + x2_cuing1 | id)"),
    # factor levels as subscripts: \operatorname{brochure}_{\operatorname{standard}} is factor brochure
    ("categorical_levels.tex", "error ~ brochure * disease + (1 | ID)"),
    ("unconditional_1.tex", "score ~ 1 + (1 | sid)"),
    ("unconditional_2.tex", "score ~ 1 + (1 | sid) + (1 | school)"),
    ("unconditional_3.tex", "score ~ 1 + (1 | sid) + (1 | school) + (1 | district)"),
    ("level1_predictors_hsb.tex", "math ~ female + ses + minority + (1 | sch.id)"),
    ("level1_predictors_long.tex", "score ~ wave + (1 | sid) + (1 | school) + (1 | district)"),
    ("mean_separate_hsb.tex", "math ~ female + ses + minority + (1 | sch.id)"),  # mean_separate = FALSE
    ("mean_separate_long.tex", "score ~ wave + (1 | sid) + (1 | school) + (1 | district)"),  # \mu &= …
    ("wrapping_hsb.tex", "math ~ female + ses + minority + (1 | sch.id)"),  # wrap = TRUE: &\quad rows
    ("unstructured_hsb1.tex", "math ~ female + ses + minority + (1 + minority | sch.id)"),
    ("unstructured_hsb2.tex", "math ~ female + ses + minority + (1 + ses + female | sch.id)"),
    ("unstructured_hsb3.tex", "math ~ female * ses + minority + (1 + ses * female | sch.id)"),
    ("unstructured_hsb4.tex", "math ~ female * ses + minority + (1 + ses * female + minority | sch.id)"),
    ("unstructured_long1.tex", "score ~ wave + (1 + wave | sid) + (1 + wave | school)"
                               " + (1 + wave | district)"),
    ("group_level_long2.tex", "score ~ wave + group + treatment + (1 + wave | sid)"
                              " + (1 + wave + group + treatment | school)"
                              " + (1 + wave + treatment | district)"),
    ("group_level_long3.tex", "score ~ wave + group + treatment + prop_low + (1 + wave | sid)"
                              " + (1 + wave + group + treatment | school)"
                              " + (1 + wave + treatment + prop_low | district)"),
    ("group_level_long4.tex", "score ~ wave + group + treatment + prop_low + dist_mean + (1 + wave | sid)"
                              " + (1 + wave + treatment | school) + (1 + wave | district)"),
    ("interactions_l1_hsb.tex", "math ~ minority * female + (1 | sch.id)"),
    ("interactions_l2_long.tex", "score ~ treatment * group + (1 | sid) + (1 + treatment | school)"
                                 " + (1 + treatment * group | district)"),
    # cross-level interactions: gamma^{beta_1}_1 in the mean of beta_1j is wave:treatment
    ("interactions_cl_long1.tex", "score ~ treatment * wave + (1 + wave | sid) + (1 | school)"
                                  " + (1 | district)"),
    ("interactions_cl_long2.tex", "score ~ treatment * wave + (1 | sid) + (1 | school) + (1 | district)"),
    # each line numbers its gammas afresh: gamma_1^alpha is group on sid's line, prop_low on school's
    ("interactions_cl_long3.tex", "score ~ wave * group * treatment + prop_low * treatment * wave"
                                  " + (1 + wave | sid) + (1 + wave | school)"
                                  " + (1 + wave + treatment | district)"),
    # a diagonal covariance matrix: lme4's ||
    ("alternate_vcv_varsonly.tex", "math ~ minority * female + (minority * female || sch.id)"),
    ("alternate_vcv_doublegroup.tex", "math ~ minority * female + (minority * female || sch.id)"),
    # (wave || sid) + (wave | school) + (1 | school) + (wave || district): lme4 (R's make.unique) calls
    # the second block on school school.1
    ("alternate_vcv_mixed.tex", "score ~ wave + (wave || sid) + (1 + wave | school) + (1 | school)"
                                " + (wave || district)"),
    # (1 | sid / school): the legend names the groupings school:sid and sid (all three print nested_m1)
    ("nested_1.tex", "score ~ 1 + (1 | sid / school)"),
    ("nested_2.tex", "score ~ 1 + (1 | sid / school)"),
    ("nested_3.tex", "score ~ 1 + (1 | sid / school)"),
    # tests/testthat/_snaps/fontsize.md: font_size = "scriptsize", "Large", "huge" on score ~ 1 + (1 | sid)
    ("font_size_scriptsize.tex", "score ~ 1 + (1 | sid)"),
    ("font_size_Large.tex", "score ~ 1 + (1 | sid)"),
    ("font_size_huge.tex", "score ~ 1 + (1 | sid)"),
]


@pytest.mark.parametrize(("name", "formula"), PRINTED_BY_EQUATIOMATIC)
def test_equatiomatic_output_reads_back(name: str, formula: str) -> None:
    assert parse_spec((EQUATIOMATIC / name).read_text(encoding="utf-8")).model == parse_formula(formula)


def _coloured(text: str) -> str:
    """What equatiomatic's var_colors, var_subscript_colors, greek_colors and subscript_colors add."""
    return (text.replace("\\operatorname{wave}", "{\\color{blue}{\\operatorname{wave}}}")
            .replace("\\operatorname{treatment}", "{\\color{red}{\\operatorname{treatment}}}")
            .replace("{\\operatorname{low}}", "{{\\color{orange}{\\operatorname{low}}}}")
            .replace("\\beta_{1", "{\\color{#FF0000}{\\beta}}_{1")
            .replace("\\alpha_{j}", "\\alpha_{\\color{green}{j}}"))


def _mvn(text: str) -> str:
    """Other versions of equatiomatic write a vector's distribution MVN."""
    return text.replace("&\\sim N \\left(\n\\left(", "&\\sim MVN \\left(\n\\left(")


def _operator_first(text: str) -> str:
    """wrap = TRUE with operator_location = "start": the + begins the next row."""
    return text.replace("\\ + \\\\\n&\\quad ", "\\\\\n&\\quad + ")


def _wrapped_in_mean(text: str) -> str:
    """wrap = TRUE, mean_separate = FALSE: the mean in N(...) an aligned block of rows, one sum."""
    separate = ("N \\left(\\mu, \\sigma^2 \\right) \\\\\n    \\mu &=\\alpha_{j[i]} + "
                "\\beta_{1}(\\operatorname{female})"
                "\\ + \\\\\n&\\quad \\beta_{2}(\\operatorname{ses}) + \\beta_{3}(\\operatorname{minority})")
    inside = ("N \\left(\\begin{aligned}\n&\\alpha_{j[i]} + \\beta_{1}(\\operatorname{female})\\\\"
              "&\\beta_{2}(\\operatorname{ses}) + \\beta_{3}(\\operatorname{minority})\n\\end{aligned}, "
              "\\sigma^2 \\right)")
    return text.replace(separate, inside)


# extract_eq's options that change the printing, not the model, applied to snapshots
OPTIONS = [
    ("interactions_cl_long3.tex", _mvn),
    ("group_level_long2.tex", _mvn),
    ("interactions_cl_long3.tex", _coloured),
    ("group_level_long2.tex", _coloured),
    ("wrapping_hsb.tex", _operator_first),
    ("wrapping_hsb.tex", _wrapped_in_mean),
]


@pytest.mark.parametrize(("name", "option"), OPTIONS, ids=[f"{n}-{o.__name__}" for n, o in OPTIONS])
def test_equatiomatic_options_read_the_same(name: str, option: Callable[[str], str]) -> None:
    text = (EQUATIOMATIC / name).read_text(encoding="utf-8")
    assert option(text) != text
    assert parse_spec(option(text)).model == parse_spec(text).model


def _varying_twice(text: str) -> str:
    """group_level_long3 with gamma_{1l[i]}^{alpha} on sid's line too: it is also school's prop_low."""
    return text.replace("\\gamma_{1k[i]}^{\\alpha}(\\operatorname{group}",
                        "\\gamma_{1k[i],l[i]}^{\\alpha}(\\operatorname{group}")


def test_a_varying_coefficient_of_two_lines_refused() -> None:
    text = _varying_twice((EQUATIOMATIC / "group_level_long3.tex").read_text(encoding="utf-8"))
    with pytest.raises(SpecMeaningError, match="two coefficients with one name") as info:
        parse_spec(text)
    assert info.value.hint and info.value.line == 40


# use_coefs = TRUE prints estimates in place of the coefficients: a fit, not a model
EQUATIOMATIC_REFUSED = [
    ("use_coefs.tex", "fitted model", 2),
    ("return_variances.tex", "fitted model", 2),
    # the "use_coef works" snapshot of another equatiomatic version (lmerMod.md at d3905b5): cl_long3's
    # system with MVN, and gamma^{beta_1}_1 on both prop_low and prop_low x treatment_1 of school's line
    ("use_coef_older_snapshot.tex", "coefficient of two terms of one mean", 37),
]


@pytest.mark.parametrize(("name", "message", "line"), EQUATIOMATIC_REFUSED)
def test_equatiomatic_refusals(name: str, message: str, line: int) -> None:
    with pytest.raises((SpecMeaningError, SpecSyntaxError), match=message) as info:
        parse_spec((EQUATIOMATIC / name).read_text(encoding="utf-8"))
    assert info.value.hint and info.value.line == line


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
    # a factor's dummies: lme4's group:age has one per level; group_{low} × age alone is no term
    ("an interaction dummy for one level of two",
     "\\operatorname{y}_{i} \\sim N(\\alpha_{j[i]} + "
     "\\beta_{1}(\\operatorname{group}_{\\operatorname{low}}) + "
     "\\beta_{2}(\\operatorname{group}_{\\operatorname{high}}) + \\beta_{3}(\\operatorname{age}) + "
     "\\beta_{4}(\\operatorname{group}_{\\operatorname{low}} \\times \\operatorname{age}), \\sigma^2)\n"
     "\\alpha_{j} \\sim N(\\mu_{\\alpha_{j}}, \\sigma^2_{\\alpha_{j}})",
     "dummies for some levels only", None),
    # one coefficient on two written terms (an equatiomatic snapshot's numbering slip): which is which?
    ("one coefficient on two terms of a mean",
     "\\operatorname{y}_{i} \\sim N(\\alpha_{j[i]}, \\sigma^2)\n\\alpha_{j} \\sim N(\\gamma_{0}^{\\alpha} + "
     "\\gamma_{1}^{\\alpha}(\\operatorname{ses}) + \\gamma_{1}^{\\alpha}(\\operatorname{ses} \\times "
     "\\operatorname{age}), \\sigma^2_{\\alpha_{j}})", "coefficient of two terms of one mean", 2),
    # equatiomatic's glmer output: not a linear mixed model
    ("a binomial response", "\\operatorname{y}_{i} \\sim \\operatorname{Binomial}(n = 1, "
     "\\operatorname{prob}_{\\operatorname{y} = 1} = \\widehat{P})", "Binomial response", 1),
    # numbers in place of coefficients (equatiomatic's use_coefs = TRUE) describe a fit
    ("estimates in place of coefficients", "\\operatorname{y}_{i} \\sim N(3.2_{\\alpha_{j[i]}}, \\sigma^2)",
     "fitted model", 1),
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
