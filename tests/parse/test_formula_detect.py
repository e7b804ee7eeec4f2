"""Telling a formula from an equation system, for the router in ``notation.parse``."""

from __future__ import annotations

import pytest

from notation.parse.detect import looks_like_formula

FORMULAS = [
    "y ~ x + (1 | g)",
    "",
    "y + x",
    "lmer(Y ~ R * Z + X + S + (R|id), data=dat)",
    "$$lmer( Y ~ 1 + Z + S + R + Z:R + X + (1 + R|id), data=dat )$$",
    "lmer(  $Y \\sim R + Z + X + S + (1|id)$ , data=dat )",
    "lmer( \n$$Y \\sim R * Z + X + S + (R|id)$$\n, data=dat )",
    "lm(formula = Reaction ~ Days, data = sleepstudy)",
    "lme4::lmer(y ~ x + (1 | g), REML = TRUE)",
    "# random slopes, see seed 001\nlmer(Y ~ R * Z + (R | id), data = dat)",
    "y ~ x + (1 | g)  # a comment with = and \\beta",
    "$Y \\sim R + Z + (1|id)$",
    "lmeMod = lmer(y ~ x + (1|clus), data=d)",
    "sleepMod <- lmer(Reaction ~ Days + (Days|Subject), data=sleepstudy)",
    "y ~ factor(x, levels = 3) + (1 | g)",  # the formula reader then says factor() takes one argument
    "y ~ log(x, base = 2)",
]
EQUATIONS = [
    "Y_ij = beta_0j + beta_1j*R_ij + e_ij\nbeta_0j = gamma_00 + u_0j\nbeta_1j = gamma_10 + u_1j",
    "$$Y_{ij} = \\beta_{0j} + \\epsilon_{ij}$$\n$$\\beta_{0j} = \\gamma_{00} + u_{0j}$$",
    "Y_i = \\beta_{0j[i]} + \\epsilon_i",
    "y_ic ~ N(alpha_c + beta*X_ic, sigma^2)\nalpha_c ~ N(mu_alpha, tau^2)",
    "y_i ~ Normal(mu_i, sigma^2)",
    "Y_ij = beta_0j + e_ij, beta_0j = gamma_00 + u_0j",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_are_recognised(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", EQUATIONS)
def test_equations_are_not_formulas(text: str) -> None:
    assert not looks_like_formula(text)
