"""Every LaTeX form of every seed spec and a handful of formulas renders in real KaTeX (throwOnError) and in
MathJax 3 (its TeX input, errors thrown); so does the LaTeX of every display bundle."""

from __future__ import annotations

import contextlib
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from notation.derive import icc, marginal_covariance, matrix_form, reduced_form
from notation.errors import NotationError
from notation.forms import FORMS, render_latex
from notation.ir import Spec
from notation.parse import parse_spec
from notation.render import LatexOptions

HERE = Path(__file__).resolve().parent


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem + "_for_latex", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


harness = _load(HERE / "katex" / "katex_harness.py")
seeds = _load(HERE.parent / "derive" / "seed_models.py")

SEED_MODELS = [seeds.seed001_intercept, seeds.seed001_slope, seeds.seed000_doctors, seeds.seed002_model1b]
FORMULAS = [
    "Reaction ~ Days + (Days | Subject)",
    "Reaction ~ Days + (Days || Subject)",
    "y ~ x + (1 | clus)",
    "angle ~ recipe * temp + (1 | recipe:replicate)",
    "strength ~ 1 + (1 | batch/cask)",
    "diameter ~ 1 + (1 | plate) + (1 | sample)",
    "log(y) ~ I(x^2) + offset(z) + (0 + x | g)",
    "my_y ~ sch.id + (1 | school_id)",
    "y ~ factor(wave) * x + (0 + as.factor(wave) | factor(g))",
]
OPTIONS = [
    LatexOptions(),
    LatexOptions(greek="beta", covariance="psi", variables="italic", terms_per_line=2),
    LatexOptions(covariance="G", terms_per_line=1),
]
ESTIMATES = {"(Intercept)": 251.405, "Days": -10.467, "sigma": 25.59, "Subject|(Intercept)": 612.1,
             "Subject|Days": 35.07, "Subject|(Intercept),Days": 9.6}


def _models() -> list[tuple[str, Spec]]:
    return [(build.__name__, build()) for build in SEED_MODELS] + [(f, parse_spec(f)) for f in FORMULAS]


def _render(name: str, model: Spec, form: str, options: LatexOptions, estimates: dict | None) -> str | None:
    """The LaTeX, or None where the form does not exist for the spec (levels of ``log(y) ~ offset(z)``)."""
    try:
        return render_latex(model, form, options=options, estimates=estimates)
    except NotationError:
        if form in ("levels", "bracket") and model.system is None:
            return None
        raise


def _every_form() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for name, model in _models():
        for form in FORMS:
            for k, options in enumerate(OPTIONS):
                text = _render(name, model, form, options, ESTIMATES if k == 1 else None)
                if text is not None:
                    texts.append(text)
                    labels.append(f"{name} / {form} / options {k}")
    return texts, labels


def _displayed() -> tuple[list[str], list[str]]:
    """The LaTeX Jupyter shows: each spec's bundle and each derived form's (text/latex without $$)."""
    texts, labels = [], []
    for name, model in _models():
        shown = [("spec", model)]
        shown += [("reduced", reduced_form(model)), ("matrix", matrix_form(model))]
        with contextlib.suppress(NotationError):
            shown.append(("marginal", marginal_covariance(model)))
        with contextlib.suppress(NotationError):
            shown.append(("icc", icc(model)))
        for what, obj in shown:
            latex = obj._repr_mimebundle_()["text/latex"]
            assert latex.startswith("$$") and latex.endswith("$$")
            texts.append(latex.strip("$").strip())
            labels.append(f"{name} / {what} bundle")
    return texts, labels


@pytest.mark.parametrize("failures", [harness.katex_failures, harness.mathjax_failures],
                         ids=["katex", "mathjax"])
def test_every_form_and_display_renders(failures) -> None:
    forms, form_labels = _every_form()
    shown, shown_labels = _displayed()
    assert len(forms) > 150 and len(shown) > 40
    texts, labels = forms + shown, form_labels + shown_labels
    found = failures(texts)
    report = "\n".join(f"{labels[f['index']]}: {f['error']}\n{texts[f['index']]}" for f in found)
    assert not found, report


@pytest.mark.parametrize("failures", [harness.katex_failures, harness.mathjax_failures],
                         ids=["katex", "mathjax"])
def test_harness_catches_broken_latex(failures) -> None:
    found = failures([r"\frac{1}{", r"x^2", r"\begin{aligned} a", r"\undefinedmacro x"])
    assert [f["index"] for f in found] == [0, 2, 3]


@pytest.mark.parametrize("form", ["reduced", "matrix", "marginal", "formula"])
def test_seed001_forms_render(form: str) -> None:
    text = render_latex(seeds.seed001_slope(), form)
    assert harness.katex_failures([text]) == []
    assert harness.mathjax_failures([text]) == []
