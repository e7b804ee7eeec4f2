"""The command line on formulas with factor(): formula, equations (a clear refusal), latex, fit --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notation.cli import main

SCHOOLS = Path(__file__).resolve().parent / "data" / "lme4_extra" / "schools.csv"
FORMULA = "Y ~ as.factor(R) * Z + X + (0 + factor(R) | factor(school))"


def test_formula_normalises_the_spelling(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formula", FORMULA]) == 0
    assert capsys.readouterr().out.strip() == \
        "Y ~ 1 + factor(R) + Z + X + factor(R):Z + (0 + factor(R) | school)"


def test_equations_exit_2_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["equations", FORMULA]) == 2
    err = capsys.readouterr().err
    assert "cannot write factor(R)" in err and "hint:" in err and "Traceback" not in err


@pytest.mark.parametrize("form", ["levels", "reduced", "matrix", "marginal"])
def test_latex_with_data_writes_the_contrasts(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["latex", FORMULA, "--data", str(SCHOOLS), "--form", form]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\\begin{aligned}")
    if form == "matrix":
        assert "120 \\times 1" in out  # Z has 2 columns (factor(R)0, factor(R)1) for each of 60 schools


def test_fit_json_uses_lme4_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", FORMULA, "--data", str(SCHOOLS), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result["fixef"]) == ["(Intercept)", "factor(R)1", "Z", "X", "factor(R)1:Z"]
    assert result["ngroups"] == {"school": 60}
    assert [row["var1"] for row in result["varcorr"][:2]] == ["factor(R)0", "factor(R)1"]
