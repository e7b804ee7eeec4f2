"""The package's public names: everything ``notation.__all__`` lists resolves, the lazy stages included."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import notation

STAGES = ("notation.ir", "notation.parse", "notation.derive", "notation.render", "notation.render.latex")
USER_NAMES = (
    "parse_spec", "parse_formula", "parse_equations", "format_formula", "format_equations", "render_latex",
    "LatexOptions", "reduced_form", "matrix_form", "marginal_covariance", "icc", "multilevel", "fit",
    "FitResult", "read_data", "compile_design",
)


@pytest.mark.parametrize("name", notation.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(notation, name) is not None


@pytest.mark.parametrize("name", USER_NAMES)
def test_what_users_need_is_public(name: str) -> None:
    assert name in notation.__all__


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = notation.no_such_thing  # type: ignore[attr-defined]


def test_import_is_light() -> None:
    """``import notation`` loads no stage: pandas, SciPy and the fitter wait for first use."""
    stages = ("pandas", "scipy", "lark", "notation.derive", "notation.fitting")
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
