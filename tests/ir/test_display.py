"""Jupyter's display of every equation object: a spec or model (its formula, its level equations), each
derived form; text/plain, text/latex ($$…$$) and text/html (escaped, typeset by MathJax or KaTeX)."""

from __future__ import annotations

import html

import pytest

from notation.derive import icc, marginal_covariance, matrix_form, reduced_form
from notation.ir.display import math_bundle, math_html, select
from notation.parse import parse_spec

SLOPES = "Reaction ~ Days + (Days | Subject)"
EQUATIONS = """\
Reaction_ij = beta_0j + beta_1j*Days_ij + e_ij
beta_0j = gamma_00 + u_0j
beta_1j = gamma_10 + u_1j
j: Subject
"""


def _objects() -> list[tuple[str, object, str]]:
    """(name, object, a piece of its LaTeX)."""
    spec = parse_spec(SLOPES)
    return [
        ("formula spec", spec, r"\beta_{1j} \operatorname{Days}_{ij}"),
        ("model", spec.model, r"\beta_{1j} \operatorname{Days}_{ij}"),
        ("equation spec", parse_spec(EQUATIONS), r"\gamma_{10}"),
        ("offset spec (reduced form)", parse_spec("y ~ x + offset(z) + (1 | g)"), "z"),
        ("reduced form", reduced_form(spec), r"\beta_{0}"),
        ("matrix form", matrix_form(spec), r"X \beta + Z u"),
        ("marginal covariance", marginal_covariance(parse_spec("y ~ 1 + (1 | g)")), r"\sigma^{2}"),
        ("icc", icc(parse_spec("y ~ 1 + (1 | g)")), r"\rho_{g} = \frac"),
    ]


@pytest.mark.parametrize(("name", "obj", "piece"), _objects(), ids=[n for n, _, _ in _objects()])
def test_bundle_has_plain_latex_and_escaped_html(name: str, obj: object, piece: str) -> None:
    bundle = obj._repr_mimebundle_()  # type: ignore[attr-defined]
    assert set(bundle) == {"text/plain", "text/latex", "text/html"}
    latex = bundle["text/latex"]
    assert latex.startswith("$$\n") and latex.endswith("\n$$") and piece in latex
    assert bundle["text/plain"] and "\\" not in bundle["text/plain"]
    page = bundle["text/html"]
    assert html.escape(latex.strip("$").strip()) in page  # the LaTeX, escaped, between $$ … $$
    assert "&amp;=" in page if "&=" in latex else True
    assert "<" not in page.replace("<div", "").replace("</div>", "").replace("<code>", "").replace(
        "</code>", "")
    assert obj._repr_latex_().replace("\n", "") == latex.replace("\n", "")  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec", [SLOPES, EQUATIONS])
def test_a_spec_shows_its_canonical_formula_and_level_equations(spec: str) -> None:
    bundle = parse_spec(spec)._repr_mimebundle_()
    assert bundle["text/plain"] == "Reaction ~ 1 + Days + (1 + Days | Subject)"
    assert "<code>Reaction ~ 1 + Days + (1 + Days | Subject)</code>" in bundle["text/html"]
    assert r"\begin{aligned}" in bundle["text/latex"]


@pytest.mark.parametrize(("include", "exclude", "kinds"), [
    (None, None, {"text/plain", "text/latex", "text/html"}),
    ({"text/latex"}, None, {"text/latex"}),
    (None, {"text/html", "text/latex"}, {"text/plain"}),
    ({"text/html", "text/plain"}, {"text/plain"}, {"text/html"}),
])
def test_include_and_exclude_as_ipython_asks(include: set | None, exclude: set | None, kinds: set) -> None:
    assert set(parse_spec(SLOPES)._repr_mimebundle_(include, exclude)) == kinds
    assert set(math_bundle("x", "x", include, exclude)) == kinds
    assert set(select({"text/plain": "", "text/latex": "", "text/html": ""}, include, exclude)) == kinds


def test_math_html_escapes_the_formula_and_the_latex() -> None:
    page = math_html(r"a < b & \text{<script>}", plain="y ~ x & <z>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<code>y ~ x &amp; &lt;z&gt;</code>" in page
    assert "$$\na &lt; b &amp; " in page
