"""``notation translate`` (DESIGN.md §10) and other programs' code read by formula and fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notation.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_translate_prints_code_then_notes_as_comments(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "translate", "Reaction ~ Days + (Days | Subject)", "--to", "sas")
    assert status == 0
    assert out.startswith("proc mixed data=d method=reml;")
    assert "type=un" in out and "/* note:" in out


def test_translate_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "translate", "y ~ x + (1 | g)", "--to", "statsmodels", "--json", "--data-name", "df", "--ml"
    )
    assert status == 0
    payload = json.loads(out)
    assert set(payload) == {"dialect", "code", "notes"}
    assert payload["dialect"] == "statsmodels"
    assert "reml=False" in payload["code"] and "df[" in payload["code"]


def test_stata_code_to_lme4_names_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = run(capsys, "translate", "mixed weight week || id: week", "--to", "lme4")
    assert status == 0
    assert "fit <- lmer(weight ~ 1 + week + (1 | id) + (0 + week | id), data = d, REML = FALSE)" in out
    assert "covariance(independent)" in out and "ML" in out


def test_what_the_target_cannot_express_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "translate", "y ~ x + (1 + x | a) + (1 + x | b)", "--to", "statsmodels")
    assert status == 2 and out == ""
    assert "cannot express" in err and "crossed factor" in err


def test_from_forces_the_reader(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "formula", "mixed y x || g:, reml", "--from", "stata")
    assert (status, out) == (0, "y ~ 1 + x + (1 | g)\n")


def test_formula_reads_sas(capsys: pytest.CaptureFixture[str]) -> None:
    code = "proc mixed data=d; class g; model y = x / s; random intercept x / subject=g type=un; run;"
    status, out, err = run(capsys, "formula", code)
    assert (status, out) == (0, "y ~ 1 + x + (1 + x | g)\n")
    assert "REML" in err  # the default that was applied


def test_fit_reads_stata_code_with_its_ml_default(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys,
        "fit",
        "mixed Reaction Days || Subject: Days, covariance(unstructured)",
        "--data",
        str(DATA / "sleepstudy.csv"),
        "--json",
    )
    assert status == 0
    fit = json.loads(out)
    reference = json.loads((DATA / "sleepstudy_slopes_ml.json").read_text())
    assert fit["reml"] is False
    assert fit["loglik"] == pytest.approx(reference["loglik"], rel=1e-7)
    assert "ML" in err


def test_translate_round_trips_through_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "translate", "strength ~ 1 + (1 | batch/cask)", "--to", "spss")
    path = tmp_path / "model.sps"
    path.write_text(out)
    status, out, _ = run(capsys, "translate", str(path), "--to", "stata")
    assert status == 0
    assert "|| batch:, covariance(independent) || cask:, covariance(independent) reml" in out
