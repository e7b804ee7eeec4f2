"""The command line on equation systems: `notation formula` reads them, `notation equations` writes them."""

from __future__ import annotations

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
