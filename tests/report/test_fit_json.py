"""The fit JSON (DESIGN.md §6): the reference files' keys."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from notation.fitting import FitResult, fit
from notation.parse.formula import parse_formula
from notation.report import fit_json

DATA = Path(__file__).resolve().parent.parent / "data"
SLEEP = pd.read_csv(DATA / "sleepstudy.csv")


@pytest.fixture(scope="module")
def slopes() -> FitResult:
    return fit(parse_formula("Reaction ~ Days + (Days | Subject)"), SLEEP)


def test_json_has_the_reference_keys(slopes: FitResult) -> None:
    reference = json.loads((DATA / "sleepstudy_slopes_reml.json").read_text())
    ours = json.loads(json.dumps(fit_json(slopes)))
    contract = {"formula", "reml", "criterion", "loglik", "aic", "bic", "nobs", "ngroups", "fixef", "se",
                "vcov", "theta", "sigma", "varcorr", "ranef"}
    assert contract <= set(reference) and contract | {"fit_seconds"} <= set(ours)
    assert ours["ranef"]["Subject"]["levels"] == reference["ranef"]["Subject"]["levels"]
    assert ours["fit_seconds"] > 0


def test_keys_come_in_the_contract_s_order(slopes: FitResult) -> None:
    """``notation fit --json`` prints the keys in this order; scripts diff the output."""
    assert list(fit_json(slopes)) == [
        "formula", "reml", "criterion", "loglik", "aic", "bic", "nobs", "ngroups", "fixef", "se",
        "df_satterthwaite", "p_satterthwaite", "vcov", "theta", "sigma", "varcorr", "ranef", "warnings",
        "fit_seconds", "engine"]
