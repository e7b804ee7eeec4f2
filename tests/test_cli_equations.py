"""The command line on equation systems: `notation formula` reads them, `notation equations` writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notation.cli import main

DATA = Path(__file__).resolve().parent / "data" / "equations"


@pytest.mark.parametrize(("argv", "expected"), [
    ([str(DATA / "seed001_slopes.tex"), "--index", "j=school"],
     "Y ~ 1 + Z + S + R + X + Z:R + (1 + R | school)"),
    ([str(DATA / "seed002_model1a.tex")], "y ~ 1 + X + (1 | c)"),
])
def test_formula_of_an_equation_file(argv: list[str], expected: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formula", *argv]) == 0
    assert capsys.readouterr().out.strip() == expected


def test_equations_read_back_as_the_formula(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    formula = "Y ~ R*Z + X + S + (R | school)"
    assert main(["equations", formula, "--data", str(DATA / "schools.csv")]) == 0
    printed = capsys.readouterr().out
    assert "beta_1j = gamma_10 + gamma_11*Z_j + u_1j" in printed
    spec = tmp_path / "model.eq"
    spec.write_text(printed, encoding="utf-8")
    assert main(["formula", str(spec)]) == 0
    assert capsys.readouterr().out.strip() == "Y ~ 1 + Z + S + R + X + Z:R + (1 + R | school)"


def test_bad_system_exits_2_with_a_caret(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formula", "Y_ij = beta_0j + e_ij\nbeta_3j = gamma_30"]) == 2
    err = capsys.readouterr().err
    assert "never uses it" in err and "^" in err and "Traceback" not in err


def test_latex_with_fit_json_estimates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fit = tmp_path / "fit.json"
    fit.write_text(json.dumps({"fixef": {"(Intercept)": 251.405, "Days": 10.467}, "sigma": 30.99,
                               "varcorr": [{"grp": "Subject", "var1": "(Intercept)", "var2": None,
                                            "vcov": 1378.2, "sdcor": 37.12},
                                           {"grp": "Residual", "var1": None, "var2": None,
                                            "vcov": 960.5, "sdcor": 30.99}]}), encoding="utf-8")
    assert main(["latex", "Reaction ~ Days + (1 | Subject)", "--estimates", str(fit)]) == 0
    out = capsys.readouterr().out
    assert r"\beta_{0j} &= 251.4 + u_{0j}" in out
    assert r"u_{0j} &\sim \mathcal{N}\left(0,\ 1378\right)" in out


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read estimates file"),
    ("{not json", "is not JSON"),
    ("[1, 2]", "holds no fit"),
])
def test_bad_estimates_file_exits_2(content: str | None, message: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fit.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["latex", "y ~ x + (1 | g)", "--estimates", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "hint:" in err and "Traceback" not in err


@pytest.mark.parametrize(("spec", "expected"), [
    # an equation spec prints as the user wrote it (symbols, order), without `j: j`
    ("Y_ij = alpha_j + b*X_ij + epsilon_ij\nalpha_j = mu + zeta_j",
     "Y_ij = alpha_j + b*X_ij + epsilon_ij\nalpha_j = mu + zeta_j"),
    (str(DATA / "seed001_slopes.tex"),
     "Y_ij = beta_0j + beta_1j*R_ij + beta_2*X_ij + epsilon_ij\n"
     "beta_0j = gamma_00 + gamma_01*Z_j + gamma_02*S_j + u_0j\nbeta_1j = gamma_10 + gamma_11*Z_j + u_1j"),
])
def test_equations_of_an_equation_spec(spec: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["equations", spec]) == 0
    assert capsys.readouterr().out.strip() == expected
