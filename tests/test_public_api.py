"""The package's public names: everything ``notation.__all__`` lists resolves, the lazy stages included."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pandas as pd
import pytest
import sympy as sp

import notation
from notation.fitting import fit as fit_core

ROOT = Path(__file__).resolve().parent.parent
SLEEP = ROOT / "tests" / "data" / "sleepstudy.csv"
LME4 = json.loads((ROOT / "tests" / "data" / "sleepstudy_slopes_reml.json").read_text(encoding="utf-8"))
FORMULA = "Reaction ~ Days + (Days | Subject)"
CANONICAL = "Reaction ~ 1 + Days + (1 + Days | Subject)"
EQUATIONS = """\
Reaction_ij = beta_0j + beta_1j*Days_ij + e_ij
beta_0j = gamma_00 + u_0j
beta_1j = gamma_10 + u_1j
j: Subject
"""

STAGES = ("notation.ir", "notation.parse", "notation.derive", "notation.render", "notation.render.latex")
USER_NAMES = (
    "parse_spec", "parse_formula", "parse_equations", "format_formula", "format_equations", "render_latex",
    "LatexOptions", "reduced_form", "matrix_form", "marginal_covariance", "icc", "multilevel", "fit",
    "FitResult", "read_data", "compile_design", "summary", "fit_json", "satterthwaite",
)


@pytest.mark.parametrize("name", notation.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(notation, name) is not None


@pytest.mark.parametrize("name", USER_NAMES)
def test_what_users_need_is_public(name: str) -> None:
    assert name in notation.__all__


def test_no_public_name_is_a_subpackage_name() -> None:
    """Importing a stage binds it on ``notation``: a public name spelled as one would be rebound
    (``notation.fit`` once became the subpackage ``notation.fit``)."""
    stages = {m.name for m in pkgutil.iter_modules(notation.__path__)}
    assert {"fitting", "inference", "report"} <= stages
    assert not stages & set(notation.__all__)


@pytest.mark.parametrize(("package", "name"), [
    ("notation.inference", "satterthwaite"), ("notation.report", "summary"), ("notation.report", "fit_json"),
])
def test_a_function_named_as_its_module_stays_the_function(package: str, name: str) -> None:
    """``notation.report.summary`` is the function even after its module is imported by name."""
    module = importlib.import_module(f"{package}.{name}")
    assert getattr(importlib.import_module(package), name) is getattr(module, name)
    assert getattr(notation, name) is getattr(module, name)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = notation.no_such_thing  # type: ignore[attr-defined]


def test_import_is_light() -> None:
    """``import notation`` loads no stage: pandas, SciPy and the fitter wait for first use."""
    stages = ("pandas", "scipy", "lark", "notation.derive", "notation.fitting", "notation.inference",
              "notation.report")
    code = f"import sys, notation; print(sorted(m for m in {stages!r} if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize(("module", "name"), [
    (module, name)
    for module in STAGES
    for name in importlib.import_module(module).__all__
])
def test_every_stage_name_resolves(module: str, name: str) -> None:
    assert getattr(importlib.import_module(module), name) is not None


def test_printing_a_formula_loads_no_latex_printer() -> None:
    code = "import sys, notation.render.formula; print('notation.render.latex' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.strip() == "False"


@pytest.mark.parametrize(("spec", "not_loaded"), [
    ("y ~ x + (x | g)", "notation.parse.equations"),
    ("Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j", "notation.parse.expand"),
])
def test_reading_a_spec_loads_only_its_language(spec: str, not_loaded: str) -> None:
    code = (f"import sys; from notation.parse import parse_spec; parse_spec({spec!r}); "
            f"print({not_loaded!r} in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert run.stdout.strip() == "False"


def _model() -> notation.Model:
    return notation.parse_formula(FORMULA)


def _check_error(name: str) -> None:
    error = getattr(notation, name)("what went wrong", hint="how to fix it")
    assert isinstance(error, notation.NotationError)
    assert (error.message, error.hint) == ("what went wrong", "how to fix it")


def _check_equation_system() -> None:
    printed = notation.multilevel(_model())
    rebuilt = notation.EquationSystem(printed.equations, printed.indices, printed.distributions)
    assert notation.format_equations(rebuilt) == notation.format_equations(printed)


def _check_model() -> None:
    days = notation.Term((sp.Symbol("Days"),))
    block = notation.RandomBlock(True, (days,), ("Subject",))
    model = notation.Model(sp.Symbol("Reaction"), fixed=(days,), random=(block,))
    assert notation.format_formula(model) == CANONICAL


def _check_fit() -> None:
    result = notation.fit(_model(), pd.read_csv(SLEEP))
    assert result.fixef.to_dict() == pytest.approx(LME4["fixef"], rel=1e-6)
    assert result.criterion == pytest.approx(LME4["criterion"], rel=1e-8)


def _check_fitted_model() -> None:
    core = fit_core(_model(), pd.read_csv(SLEEP))
    fitted = notation.FittedModel.of(core)
    assert fitted.to_dict() == notation.fit_json(core) | {"fit_seconds": core.fit_seconds}
    assert fitted.summary() == notation.summary(core)
    assert fitted.satterthwaite.equals(notation.satterthwaite(core))


def _check_fit_result() -> None:
    fitted = notation.fit(_model(), pd.read_csv(SLEEP))
    copy = notation.FitResult(**{f.name: getattr(fitted, f.name) for f in fields(fitted)})
    assert copy.se.to_dict() == pytest.approx(LME4["se"], rel=1e-5)


def _check_fit_json() -> None:
    ours = json.loads(json.dumps(notation.fit_json(notation.fit(_model(), pd.read_csv(SLEEP)))))
    assert ours["se"] == pytest.approx(LME4["se"], rel=1e-5)
    assert ours["df_satterthwaite"] == pytest.approx(LME4["df_satterthwaite"], rel=1e-4)


def _check_satterthwaite() -> None:
    table = notation.satterthwaite(notation.fit(_model(), pd.read_csv(SLEEP)))
    assert table["df"].to_dict() == pytest.approx(LME4["df_satterthwaite"], rel=1e-4)


def _check_summary() -> None:
    text = notation.summary(notation.fit(_model(), pd.read_csv(SLEEP)), ddf="Satterthwaite")
    assert "Days          10.467      1.546  17.000   6.771 3.26e-06 ***" in text


def _check_spec() -> None:
    spec = notation.Spec(_model())
    assert spec.symbols is None and notation.format_formula(spec) == CANONICAL
    assert r"\operatorname{Reaction}_{ij}" in spec._repr_latex_()


def _check_symbols() -> None:
    written = notation.parse_spec(EQUATIONS)
    assert written.symbols is not None
    again = notation.Spec(written.model, notation.Symbols(**{f.name: getattr(written.symbols, f.name)
                                                             for f in fields(written.symbols)}))
    assert notation.render_latex(again) == notation.render_latex(written)


def _check_latex_options() -> None:
    latex = notation.render_latex(_model(), form="reduced", options=notation.LatexOptions(greek="beta"))
    assert r"\beta_{1} \operatorname{Days}_{ij}" in latex


# One call per callable public name, asserting on what it returns; a new name needs an entry here.
def _check_compare() -> None:
    """lme4's anova(m1, m2): the LRT of the random slope, Chisq 42.14 on 2 df."""
    data = pd.read_csv(SLEEP)
    smaller = notation.fit(notation.parse_formula("Reaction ~ Days + (1 | Subject)"), data)
    table = notation.compare(smaller, notation.fit(_model(), data))
    assert round(float(table.loc["m2", "Chisq"]), 2) == 42.14


CALLS: dict[str, Callable[[], None]] = {
    **{name: (lambda name=name: _check_error(name)) for name in
       ("DataError", "FitError", "NotationError", "SpecMeaningError", "SpecSyntaxError")},
    "EquationSystem": _check_equation_system,
    "Model": _check_model,
    "Spec": _check_spec,
    "Symbols": _check_symbols,
    "Term": _check_model,
    "RandomBlock": _check_model,
    "parse_formula": lambda: _read_as_canonical(notation.parse_formula, FORMULA),
    "parse_equations": lambda: _read_as_canonical(notation.parse_equations, EQUATIONS),
    "parse_spec": lambda: _read_as_canonical(notation.parse_spec, EQUATIONS),
    "format_formula": lambda: _assert_equal(notation.format_formula(_model()), CANONICAL),
    "format_equations": lambda: _read_as_canonical(  # the printed equations read back as the same model
        notation.parse_spec, notation.format_equations(notation.multilevel(_model()))),
    "render_latex": lambda: _assert_in(r"\operatorname{Reaction}_{ij}", notation.render_latex(_model())),
    "LatexOptions": _check_latex_options,
    "reduced_form": lambda: _assert_equal(len(notation.reduced_form(_model()).random_terms), 2),
    "matrix_form": lambda: _assert_equal((lambda f: (f.N, f.p, f.random_columns))(
        notation.matrix_form(_model(), pd.read_csv(SLEEP))), (180, 2, 36)),
    "marginal_covariance": lambda: _assert_equal(notation.marginal_covariance(_model()).V.shape, (3, 3)),
    "icc": lambda: _assert_equal(notation.icc(_model()).grouping, ("Subject",)),
    "multilevel": lambda: _assert_equal(len(notation.multilevel(_model()).equations), 3),
    "read_data": lambda: _assert_equal(notation.read_data(str(SLEEP)).shape, (180, 3)),
    "compile_design": lambda: _assert_equal(
        (lambda p: (p.nobs, p.fixed_names))(notation.compile_design(_model(), pd.read_csv(SLEEP))),
        (180, ("(Intercept)", "Days"))),
    "fit": _check_fit,
    "FitResult": _check_fit_result,
    "FittedModel": _check_fitted_model,
    "fit_json": _check_fit_json,
    "satterthwaite": _check_satterthwaite,
    "summary": _check_summary,
    "compare": _check_compare,
}


def _read_as_canonical(read: Callable[[str], notation.Model], text: str) -> None:
    assert notation.format_formula(read(text)) == CANONICAL


def _assert_equal(got: object, want: object) -> None:
    assert got == want


def _assert_in(part: str, whole: str) -> None:
    assert part in whole


def test_every_callable_public_name_works_twice_in_one_process() -> None:
    """The second round catches names that break after first use (``notation.fit`` once became the
    subpackage ``notation.fit`` when the fitter was first imported)."""
    callables = [n for n in notation.__all__ if callable(getattr(notation, n))]
    assert sorted(callables) == sorted(CALLS), "every callable public name needs a call in CALLS"
    for _ in range(2):
        for name in callables:
            CALLS[name]()
    assert callable(notation.fit) and not isinstance(notation.fit, type(notation))


def test_the_readme_python_example_runs_twice(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """README.md's ```python block, as a new user pastes it, twice in the same session."""
    block = re.search(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"),
                      re.MULTILINE | re.DOTALL)
    assert block is not None
    monkeypatch.chdir(ROOT)
    for _ in range(2):
        namespace: dict[str, object] = {}
        exec(compile(block.group(1), "README.md", "exec"), namespace)  # our own README, not user text
        assert "REML criterion at convergence" in capsys.readouterr().out
        assert isinstance(namespace["result"], notation.FitResult)
