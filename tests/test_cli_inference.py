"""DESIGN.md §8 on the command line: fit --ddf/--anova/--confint, compare, simulate."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.cli import main

DATA = Path(__file__).resolve().parent / "data"
SLEEP = str(DATA / "sleepstudy.csv")
CAKE = str(DATA / "cake.csv")
FORMULA = "Reaction ~ Days + (Days | Subject)"
REFERENCE = json.loads((DATA / "inference" / "sleepstudy_slopes_reml.json").read_text(encoding="utf-8"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _close(ours: dict, theirs: dict, rtol: float) -> None:
    assert ours["rows"] == theirs["rows"]
    for column, values in theirs["cols"].items():
        got = np.array([np.nan if v is None else v for v in ours["cols"][column]], dtype=float)
        want = np.array([np.nan if v is None else v for v in values], dtype=float)
        np.testing.assert_allclose(got, want, rtol=rtol, err_msg=column)


def test_fit_json_has_the_inference_tables(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "fit", FORMULA, "--data", SLEEP, "--json", "--ddf", "kenward-roger",
                          "--anova", "--confint", "profile")
    assert status == 0
    fit = json.loads(out)
    assert list(fit["coefficients"]["cols"]) == ["Estimate", "Std. Error", "df", "t value", "Pr(>|t|)"]
    _close(fit["coefficients"], REFERENCE["coefficients_kenward_roger"], 1e-3)
    assert list(fit["anova"]["cols"]) == ["Sum Sq", "Mean Sq", "NumDF", "DenDF", "F value", "Pr(>F)"]
    _close(fit["anova"], REFERENCE["anova_3_kenward_roger"], 1e-3)
    _close(fit["confint"], REFERENCE["confint_profile"], 2e-3)
    assert fit["fixef"]["Days"] == pytest.approx(10.467285959596, rel=1e-6)  # §6 keys stay


def test_fit_json_wald_has_nulls_for_variances(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "fit", FORMULA, "--data", SLEEP, "--json", "--confint", "wald", "--level", "0.9")
    confint = json.loads(out)["confint"]
    assert list(confint["cols"]) == ["5 %", "95 %"]
    assert confint["cols"]["5 %"][:4] == [None] * 4
    assert json.loads(out)["coefficients"]["cols"]["df"][1] == pytest.approx(17.0, rel=1e-4)  # Satterthwaite


def test_fit_summary_with_kenward_roger_and_anova(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "fit", "angle ~ recipe * temp + (1 | recipe:replicate)", "--data", CAKE,
                          "--ddf", "kenward-roger", "--anova", "--type", "3")
    assert status == 0
    assert "t-tests use Kenward-Roger's method ['lmerModLmerTest']" in out
    assert "Type III Analysis of Variance Table with Kenward-Roger's method" in out
    assert "recipe:temp" in out.split("Analysis of Variance")[1]


def test_fit_ddf_none_prints_lme4s_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "fit", FORMULA, "--data", SLEEP, "--json", "--ddf", "none")
    assert list(json.loads(out)["coefficients"]["cols"]) == ["Estimate", "Std. Error", "t value"]


def test_bootstrap_from_the_command_line_is_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["fit", FORMULA, "--data", SLEEP, "--json", "--confint", "boot", "--nsim", "20", "--seed", "7"]
    first = json.loads(_run(capsys, *argv)[1])["confint"]
    again = json.loads(_run(capsys, *argv)[1])["confint"]
    assert first == again
    assert first["rows"] == REFERENCE["confint_boot"]["rows"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--ml", "--ddf", "kenward-roger"], "only available for REML"),
    (["--confint", "wald", "--level", "95"], "between 0 and 1"),
    (["--confint", "boot", "--nsim", "0"], "at least 1"),
])
def test_user_mistakes_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    status, _, err = _run(capsys, "fit", FORMULA, "--data", SLEEP, *argv)
    assert status == 2
    assert message in err and "Traceback" not in err


def test_compare_json_matches_lme4(capsys: pytest.CaptureFixture[str]) -> None:
    reference = json.loads((DATA / "inference" / "compare_sleepstudy_nested_slopes.json").read_text())
    status, out, _ = _run(capsys, "compare", *reference["formulas"], "--data", SLEEP, "--json")
    assert status == 0
    _close(json.loads(out)["table"], reference["table"], 1e-6)
    status, out, _ = _run(capsys, "compare", *reference["formulas"][:1], reference["formulas"][2],
                          "--data", SLEEP)
    assert status == 0 and "Models:" in out and "m2: Reaction ~ Days + (Days | Subject)" in out


def test_compare_reml_keeps_the_reml_fits(capsys: pytest.CaptureFixture[str]) -> None:
    reference = json.loads((DATA / "inference" / "compare_sleepstudy_reml_norefit.json").read_text())
    _, out, _ = _run(capsys, "compare", *reference["formulas"], "--data", SLEEP, "--json", "--reml")
    _close(json.loads(out)["table"], reference["table"], 1e-6)


def test_compare_of_models_that_are_not_nested_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "compare", "Reaction ~ Days + (1 | Subject)",
                          "Reaction ~ 1 + (Days | Subject)", "--data", SLEEP)
    assert status == 2 and "not nested" in err


def test_simulate_from_a_fit_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fit_json = tmp_path / "fit.json"
    fit_json.write_text(_run(capsys, "fit", FORMULA, "--data", SLEEP, "--json")[1])
    out = tmp_path / "sim.csv"
    status, _, _ = _run(capsys, "simulate", FORMULA, "--data", SLEEP, "--estimates", str(fit_json),
                        "--nsim", "200", "--seed", "1", "--out", str(out))
    assert status == 0
    sims = pd.read_csv(out)
    assert list(sims.columns[:2]) == ["sim_1", "sim_2"] and sims.shape == (180, 200)
    observed = pd.read_csv(SLEEP)["Reaction"]
    # the marginal mean and variance of each row's simulated response are the model's
    assert abs(sims.to_numpy().mean() - observed.mean()) < 3.0
    assert sims.to_numpy().std() == pytest.approx(observed.std(), rel=0.15)
    again = _run(capsys, "simulate", FORMULA, "--data", SLEEP, "--estimates", str(fit_json), "--nsim", "2",
                 "--seed", "1")[1]
    assert again.splitlines()[0] == "sim_1,sim_2"
    assert [line.split(",")[0] for line in again.splitlines()[1:4]] == [
        f"{v:.12g}" for v in sims["sim_1"][:3]]


def test_simulate_with_estimates_of_another_model_exits_2(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    fit_json = tmp_path / "fit.json"
    fit_json.write_text(_run(capsys, "fit", "Reaction ~ Days + (1 | Subject)", "--data", SLEEP, "--json")[1])
    status, _, err = _run(capsys, "simulate", FORMULA, "--data", SLEEP, "--estimates", str(fit_json))
    assert status == 2 and "θ values" in err


def test_a_mistake_in_the_inference_options_prints_no_summary(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "fit", FORMULA, "--data", SLEEP, "--confint", "boot", "--nsim", "-3")
    assert status == 2 and out == "" and "at least 1" in err
