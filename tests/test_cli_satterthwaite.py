"""``notation fit --satterthwaite``: lmerTest's summary; without it lme4's; JSON always has df and p."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notation.cli import main

SLEEP = str(Path(__file__).resolve().parent / "data" / "sleepstudy.csv")
FORMULA = "Reaction ~ Days + (Days | Subject)"


@pytest.mark.parametrize(("options", "expected", "absent"), [
    (["--satterthwaite"], "Days          10.467      1.546  17.000   6.771 3.26e-06 ***", "['lmerMod']"),
    ([], "Days          10.467      1.546   6.771", "Satterthwaite"),
])
def test_fit_summary(capsys: pytest.CaptureFixture[str], options: list[str], expected: str,
                     absent: str) -> None:
    assert main(["fit", FORMULA, "--data", SLEEP, *options]) == 0
    out = capsys.readouterr().out
    assert expected in out
    assert absent not in out


def test_fit_json_has_satterthwaite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fit", FORMULA, "--data", SLEEP, "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    assert ours["df_satterthwaite"]["Days"] == pytest.approx(16.9999837255917, rel=1e-4)
    assert ours["p_satterthwaite"]["Days"] == pytest.approx(3.26382446992738e-06, rel=1e-3)
