"""Matrix-form sizes: symbolic without data, counted from data as lme4 counts them (reference fits)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import sympy as sp

from notation.data import data_schema
from notation.derive import covariance_structures, matrix_form
from notation.errors import DataError
from notation.ir import Model, RandomBlock, Term
from notation.parse import parse_formula

DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCES = ["sleepstudy_slopes_reml", "sleepstudy_uncorrelated_reml", "cake_factors_reml",
              "pastes_nested_reml", "penicillin_crossed_reml", "dyestuff_reml"]


def _reference(name: str) -> tuple[dict, pd.DataFrame]:
    reference = json.loads((DATA / f"{name}.json").read_text())
    stem = name.split("_")[0]
    data = pd.read_csv(DATA / f"{stem}.csv")
    for column in reference.get("factors", []):
        data[column] = data[column].astype(str)
    return reference, data


@pytest.mark.parametrize("name", REFERENCES)
def test_sizes_from_data_match_lme4(name: str) -> None:
    reference, data = _reference(name)
    model = parse_formula(reference["formula"])
    form = matrix_form(model, data_schema(model, data))
    assert reference["nobs"] == form.N
    assert form.p == len(reference["fixef"])
    levels = {frozenset(b.grouping): int(b.J) for b in form.blocks}
    assert levels == {frozenset(g.split(":")): n for g, n in reference["ngroups"].items()}
    assert form.Z.shape[1] == sum(int(b.q) * int(b.J) for b in form.blocks)


def test_symbolic_sizes() -> None:
    days = Term.of("Days")
    form = matrix_form(Model(sp.Symbol("y"), True, (days,), (RandomBlock(True, (days,), ("g",)),)))
    n, p, q, j = (sp.Symbol(s, positive=True, integer=True) for s in "NpqJ")
    assert (form.N, form.p, form.Z.shape) == (n, p, (n, q * j))
    cluster = form.cluster()
    assert cluster is not None and cluster.Z.shape[1] == q


def test_random_slope_on_sleepstudy_doubles_z() -> None:
    _, data = _reference("sleepstudy_slopes_reml")
    model = parse_formula("Reaction ~ Days + (Days | Subject)")
    form = matrix_form(model, data_schema(model, data))
    assert form.Z.shape == (180, 36)


def test_missing_column_is_a_data_error() -> None:
    with pytest.raises(DataError, match="no column 'Days'"):
        data_schema(parse_formula("y ~ Days + (1 | g)"), pd.DataFrame({"y": [1.0], "g": ["a"]}))


def test_uncorrelated_blocks_give_diagonal_psi() -> None:
    groups = covariance_structures(parse_formula("Reaction ~ Days + (Days || Subject)")).groups
    assert len(groups) == 1 and groups[0].diagonal
    assert groups[0].psi == sp.diag(sp.Symbol("tau_00"), sp.Symbol("tau_11"))
