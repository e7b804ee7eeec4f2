"""``notation fit``: formula and equation specs, --ml, --json, errors with exit statuses (DESIGN.md §5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notation.cli import main

DATA = Path(__file__).resolve().parent / "data"
SLEEP = str(DATA / "sleepstudy.csv")
EQUATIONS = """\
Reaction_ij = beta_0j + beta_1j*Days_ij + e_ij
beta_0j = gamma_00 + u_0j
beta_1j = gamma_10 + u_1j
j: Subject
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("spec", ["Reaction ~ Days + (Days | Subject)", EQUATIONS])
def test_formula_and_equations_print_the_same_summary(capsys: pytest.CaptureFixture[str], spec: str) -> None:
    status, out, _ = run(capsys, "fit", spec, "--data", SLEEP)
    assert status == 0
    assert "REML criterion at convergence: 1743.6" in out
    assert "Days          10.467      1.546   6.771" in out


def test_json_matches_the_reference(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "fit", "Reaction ~ Days + (Days | Subject)", "--data", SLEEP,
                         "--ml", "--json")
    assert status == 0
    ours = json.loads(out)
    reference = json.loads((DATA / "sleepstudy_slopes_ml.json").read_text())
    assert ours["reml"] is False
    assert ours["criterion"] == pytest.approx(reference["criterion"], rel=1e-8)
    assert ours["formula"].startswith("Reaction ~")
    assert ours["fit_seconds"] > 0


@pytest.mark.parametrize(("json_mode", "in_out", "in_err"), [
    (False, "convergence code: 0 (OK)\nboundary (singular) fit: see help('isSingular')", ""),
    (True, "", "warning: boundary (singular) fit: see help('isSingular')"),
])
def test_singular_fit_warns_once(capsys: pytest.CaptureFixture[str], json_mode: bool, in_out: str,
                                 in_err: str) -> None:
    """Text mode: inside the summary, as lme4 prints it; JSON mode: on stderr (and in the JSON)."""
    argv = ["fit", "Yield ~ 1 + (1 | Batch)", "--data", str(DATA / "dyestuff2.csv")] + ["--json"] * json_mode
    status, out, err = run(capsys, *argv)
    assert status == 0
    assert in_out in out and in_err in err
    assert out.count("boundary (singular)") + err.count("boundary (singular)") == 1 + json_mode


def test_summary_names_the_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "fit", "Reaction ~ Days + (Days | Subject)", "--data", SLEEP)
    assert out.splitlines()[2] == f"   Data: {SLEEP}"


@pytest.mark.parametrize(("argv", "status", "message"), [
    (["fit", "Reaction ~ Dayz + (1 | Subject)", "--data", SLEEP], 2, "no column 'Dayz'"),
    (["fit", "Reaction ~ Days + (1 | Subject)", "--data", "/nonexistent.csv"], 2, "does not exist"),
])
def test_errors_exit_with_status(capsys: pytest.CaptureFixture[str], argv: list[str], status: int,
                                 message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == status
    assert message in err
    assert "Traceback" not in err and out == ""


def test_exact_fit_is_a_fit_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "exact.csv"
    path.write_text("y,x,g\n" + "".join(f"{2 * i + 1},{i},{'ab'[i % 2]}{i % 3}\n" for i in range(30)))
    code, _, err = run(capsys, "fit", "y ~ x + (1 | g)", "--data", str(path))
    assert code == 1
    assert "FitError" in err


@pytest.mark.parametrize(("spec", "data", "printout", "differ"), [
    # lme4 1.1-31's print(summary(lmer(...))), saved verbatim; its `Data: d` names R's variable
    ("Reaction ~ Days + (Days | Subject)", SLEEP, "lme4_summary_sleepstudy_slopes.txt", set()),
    # the schools optimum agrees to 5 digits: two printed numbers differ in their 4th digit
    ("Y ~ R * Z + X + S + (R | school)", str(DATA / "lme4_extra" / "schools.csv"),
     "lme4_summary_schools_slope.txt", {13, 24}),
])
def test_summary_is_lme4s_printout(capsys: pytest.CaptureFixture[str], spec: str, data: str, printout: str,
                                   differ: set[int]) -> None:
    _, out, _ = run(capsys, "fit", spec, "--data", data)
    ours, theirs = out.splitlines(), (DATA / printout).read_text().splitlines()
    assert len(ours) == len(theirs)
    for k, (mine, expected) in enumerate(zip(ours, theirs, strict=True)):
        if k == 2:
            assert mine == f"   Data: {data}"
        elif k not in differ:
            assert mine == expected, k
