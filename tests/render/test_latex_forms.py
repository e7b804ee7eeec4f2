"""What the LaTeX forms say: the user's symbols, options, estimates, wrapping, errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from notation.errors import NotationError
from notation.forms import render_latex
from notation.parse import parse_formula, parse_spec
from notation.render import LatexOptions

_SPEC = importlib.util.spec_from_file_location(
    "seed_models_for_forms", Path(__file__).resolve().parents[1] / "derive" / "seed_models.py")
assert _SPEC is not None and _SPEC.loader is not None
seeds = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(seeds)

SLEEP = "Reaction ~ Days + (Days | Subject)"

CONTAINS = [
    # seed 001 §3: level equations in the user's order and symbols
    (seeds.seed001_slope, "levels", LatexOptions(),
     r"\beta_{0j} &= \gamma_{00} + \gamma_{01} \operatorname{Z}_{j} + \gamma_{02} \operatorname{S}_{j} "
     r"+ u_{0j}"),
    (seeds.seed001_slope, "bracket", LatexOptions(),
     r"\operatorname{Y}_{i} &= \beta_{0j[i]} + \beta_{1j[i]} \operatorname{R}_{i} + \beta_{2}"),
    (seeds.seed001_slope, "reduced", LatexOptions(variables="italic"),
     r"\gamma_{11} Z_{j} R_{ij} + \beta_{2} X_{ij} + \left(u_{0j} + u_{1j} R_{ij} + \epsilon_{ij}\right)"),
    (seeds.seed002_model1b, "reduced", LatexOptions(),
     r"\operatorname{y}_{ic} &= \mu_{\alpha} + \beta \operatorname{X}_{ic} "
     r"+ \left(\gamma_{c} + e_{ic}\right)"),
    (seeds.seed001_intercept, "marginal", LatexOptions(),
     r"\rho_{id} &= \frac{\sigma_{\alpha}^{2}}{\sigma^{2} + \sigma_{\alpha}^{2}}"),
    (lambda: parse_formula(SLEEP), "reduced", LatexOptions(greek="beta"),
     r"\operatorname{Reaction}_{ij} &= \beta_{0} + \beta_{1} \operatorname{Days}_{ij}"),
    (lambda: parse_formula(SLEEP), "matrix", LatexOptions(),
     r"\underbrace{\mathbf{Z}}_{N \times qJ}"),
    (lambda: parse_formula(SLEEP), "distribution", LatexOptions(covariance="psi"),
     r"\boldsymbol{\psi} = \begin{pmatrix} \psi_{00} & \psi_{10} \\ \psi_{10} & \psi_{11} \end{pmatrix}"),
    (lambda: parse_formula("y ~ x + (1 | g)"), "marginal", LatexOptions(),
     r"\begin{bmatrix} \sigma^{2} + \tau_{00} & \tau_{00} & \tau_{00} \\"),
    (lambda: parse_formula("y ~ x + (1 | g)"), "penalized", LatexOptions(),
     r"\mathbf{u}^{\top} \mathbf{G}^{-1} \mathbf{u}"),
    (lambda: parse_formula("y ~ x + (1 | g)"), "bayesian", LatexOptions(),
     r"u_{0j} &\sim \mathcal{N}\left(0,\ \tau_{00}\right)"),
    # a negative power, which SymPy's Pow printer hands to the Mul printer (was a RecursionError)
    (lambda: parse_formula("y ~ I(x^-1) + (1 | g)"), "reduced", LatexOptions(),
     r"\beta_{1} \frac{1}{\operatorname{x}_{ij}}"),
]


@pytest.mark.parametrize(("build", "form", "options", "expected"), CONTAINS)
def test_form_contains(build, form: str, options: LatexOptions, expected: str) -> None:
    assert expected in render_latex(build(), form, options=options)


def test_estimates_are_plugged_in_with_signs() -> None:
    text = render_latex(parse_formula(SLEEP), "reduced", options=LatexOptions(greek="beta", digits=4),
                        estimates={"(Intercept)": 251.405, "Days": -10.467})
    assert r"&= 251.4 - 10.47 \operatorname{Days}_{ij}" in text


def test_fit_json_estimates_fill_the_covariance() -> None:
    fit = {"fixef": {"(Intercept)": 251.4, "Days": 10.47},
           "varcorr": [{"grp": "Subject", "var1": "(Intercept)", "var2": None, "vcov": 612.1, "sdcor": 24.7},
                       {"grp": "Subject", "var1": "Days", "var2": None, "vcov": 35.07, "sdcor": 5.92},
                       {"grp": "Subject", "var1": "(Intercept)", "var2": "Days", "vcov": 9.6, "sdcor": 0.07},
                       {"grp": "Residual", "var1": None, "var2": None, "vcov": 654.9, "sdcor": 25.6}]}
    text = render_latex(parse_formula(SLEEP), "distribution", estimates=fit)
    assert r"\begin{pmatrix} 612.1 & 9.6 \\ 9.6 & 35.07 \end{pmatrix}" in text
    assert r"654.9 \mathbf{I}" in text


def test_terms_per_line_wraps_inside_aligned() -> None:
    text = render_latex(seeds.seed000_doctors(), "reduced", options=LatexOptions(terms_per_line=3))
    assert text.count(r"&\quad +") == 2


def test_matrix_with_data_counts_sizes() -> None:
    import pandas as pd
    data = pd.read_csv(Path(__file__).resolve().parents[1] / "data" / "sleepstudy.csv")
    text = render_latex(parse_formula(SLEEP), "matrix", data=data)
    assert r"\underbrace{\mathbf{Z}}_{180 \times 36}" in text
    assert r"q = 2,\ J = 18" in text


def test_unknown_form_is_a_notation_error() -> None:
    with pytest.raises(NotationError, match="unknown LaTeX form"):
        render_latex(parse_formula(SLEEP), "poster")


def test_model_repr_latex_for_jupyter() -> None:
    shown = parse_formula(SLEEP)._repr_latex_()
    assert shown.startswith("$$") and shown.endswith("$$")
    assert r"\operatorname{Days}_{ij}" in shown
    assert r"\gamma_{11}" in seeds.seed001_slope()._repr_latex_()


@pytest.mark.parametrize("spec", [
    "Y ~ R * Z + X + S + (R | school)",
    "y ~ x + (1 | school/class)",
    "y ~ x + (1 | school_id) + (1 | rater)",
])
@pytest.mark.parametrize("form", ["levels", "bracket"])
def test_equations_latex_reads_back_with_its_columns(spec: str, form: str) -> None:
    """The legend (equatiomatic's: \\text{, for school j = 1,} \\dots \\text{,J}) names each index's
    column, so the LaTeX alone reads back to the model, grouping columns included."""
    model = parse_spec(spec)
    try:
        latex = render_latex(model, form=form)
    except NotationError:  # nested models have no bracket form of their level equations
        return
    assert parse_spec(latex).model == model.model
