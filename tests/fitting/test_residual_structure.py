"""The fitter fits σ²I residuals only: AR(1) and compound symmetry are refused, never fitted as σ²I."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import notation
from notation.cli import main
from notation.design import compile_design
from notation.errors import SpecMeaningError
from notation.fitting import fit_problem
from notation.ir import Model, Residual

SLEEP = Path(__file__).resolve().parent.parent / "data" / "sleepstudy.csv"
FORMULA = "Reaction ~ Days + (Days | Subject)"


def _with_residual(kind: str) -> Model:
    return replace(notation.parse_formula(FORMULA), residual=Residual(kind=kind))  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "name"), [("ar1", "AR(1)"), ("cs", "compound-symmetry")])
def test_fit_refuses_residual_structures(kind: str, name: str) -> None:
    with pytest.raises(SpecMeaningError) as error:
        notation.fit(_with_residual(kind), pd.read_csv(SLEEP))
    assert f"{name} residuals" in error.value.message and "σ²I" in error.value.message
    assert "drop the residual structure" in error.value.hint


def test_fit_problem_refuses_them_too() -> None:
    problem = compile_design(_with_residual("ar1"), pd.read_csv(SLEEP))
    with pytest.raises(SpecMeaningError, match="AR\\(1\\) residuals"):
        fit_problem(problem)


def test_the_cli_exits_2_with_the_message(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # no spec language writes an AR(1) residual yet: hand the CLI a model that has one
    import notation.parse

    monkeypatch.setattr(notation.parse, "parse_spec", lambda text, index=None: _with_residual("ar1"))
    status = main(["fit", FORMULA, "--data", str(SLEEP)])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert "AR(1) residuals" in err and "hint:" in err and "Traceback" not in err


def test_iid_residuals_still_fit() -> None:
    result = notation.fit(_with_residual("iid"), pd.read_csv(SLEEP))
    assert result.fixef["Days"] == pytest.approx(10.467285959596, rel=1e-6)
