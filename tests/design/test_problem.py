"""FitProblem: the fitter reads Statistics only, the rows are optional, a new response updates one column."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.design import FitProblem, compile_design
from notation.errors import DataError
from notation.fitting import fit_problem
from notation.parse.formula import parse_formula
from notation.report import fit_json

RNG = np.random.default_rng(23)
N = 150
FRAME = pd.DataFrame({
    "y": RNG.normal(size=N),
    "x": RNG.normal(size=N),
    "off": RNG.normal(size=N),
    "f": RNG.choice(["a", "b", "c"], N),
    "g": RNG.integers(0, 12, N).astype(str),
    "h": RNG.integers(0, 5, N).astype(str),
})
EXTRA = Path(__file__).resolve().parent.parent / "data" / "lme4_extra"
OFFSET_REFERENCE = EXTRA / "factor_by_factor_offset_reml.json"

MODELS = [
    "y ~ x + (1 | g)",
    "y ~ x + f + (x | g) + (1 | h)",          # vector first term, crossed later term
    "y ~ x + offset(off) + (1 | g) + (1 | h)",  # the offset stays out of the response column
]


def _new_response(problem: FitProblem) -> np.ndarray:
    rows = problem.require_rows("test")
    return rows.y + RNG.normal(scale=0.7, size=len(rows.y))


@pytest.mark.parametrize("formula", MODELS)
def test_with_response_equals_compiling_the_new_response(formula: str) -> None:
    model = parse_formula(formula)
    problem = compile_design(model, FRAME)
    y = _new_response(problem)
    updated = problem.with_response(y)
    scratch = compile_design(model, FRAME.assign(y=y))
    mine, theirs = updated.statistics.gram, scratch.statistics.gram
    # the blocks are of standardised [X y]: the new response is standardised as the first was, so its
    # columns are those of the first problem's scaling applied to the new rows
    rows = updated.require_rows("test")
    scaling = updated.statistics.scaling
    tail = np.column_stack([scaling.columns(rows.X), scaling.response(rows.X, rows.fitted_part(y))])
    assert np.allclose(mine.tail, tail.T @ tail, rtol=1e-12, atol=1e-10)
    Z1 = rows.terms[0].matrix()
    assert np.allclose(mine.first_tail, np.asarray(Z1.T @ tail).reshape(-1, problem.terms[0].q, tail.shape[1])
                       .transpose(1, 2, 0), rtol=1e-12, atol=1e-10)
    for block in ("first",):
        assert np.array_equal(getattr(mine, block), getattr(theirs, block)), block
    assert (mine.rest_first != theirs.rest_first).nnz == 0 and (mine.later != theirs.later).nnz == 0
    a, b = fit_problem(updated), fit_problem(scratch)
    assert a.criterion == pytest.approx(b.criterion, rel=1e-10)
    assert np.allclose(a.fixef, b.fixef, rtol=1e-7, atol=1e-9)
    assert np.allclose(a.residuals, b.residuals, rtol=1e-6, atol=1e-8)


def test_with_response_keeps_the_other_blocks() -> None:
    """Only the response column changes: Z₁ᵀZ₁, ZᵀX and XᵀX are the very same numbers."""
    problem = compile_design(parse_formula(MODELS[1]), FRAME)
    before, after = problem.statistics.gram, problem.with_response(_new_response(problem)).statistics.gram
    assert after.first is before.first and after.rest_first is before.rest_first
    assert np.array_equal(after.tail[:-1, :-1], before.tail[:-1, :-1])
    assert np.array_equal(after.first_tail[:, :-1], before.first_tail[:, :-1])
    assert not np.array_equal(after.tail[-1], before.tail[-1])


def test_with_response_subtracts_the_offset_as_lme4() -> None:
    """Back from another response to the data's own, the fit is lme4's (the offset subtracted once)."""
    reference = json.loads(OFFSET_REFERENCE.read_text(encoding="utf-8"))
    data = pd.read_csv(OFFSET_REFERENCE.parent / reference["data"])
    problem = compile_design(parse_formula("y ~ 0 + recipe * trt + x + offset(off) + (1 | g)"), data)
    other = problem.with_response(data["y"].to_numpy()[::-1].copy())
    result = fit_problem(other.with_response(data["y"].to_numpy()))
    assert result.criterion == pytest.approx(reference["criterion"], rel=1e-7)
    assert np.allclose(result.fixef[list(reference["fixef"])], list(reference["fixef"].values()), rtol=1e-5)


def test_the_fit_needs_no_rows() -> None:
    problem = compile_design(parse_formula(MODELS[1]), FRAME)
    with_rows, without = fit_problem(problem), fit_problem(replace(problem, rows=None))
    assert without.criterion == with_rows.criterion
    assert without.fixef.equals(with_rows.fixef)
    assert fit_json(without)["ranef"] == fit_json(with_rows)["ranef"]
    assert np.allclose(without.predict(FRAME.head(5)), with_rows.predict(FRAME.head(5)))
    with pytest.raises(DataError, match="fitted values needs the rows"):
        _ = without.fitted


def test_a_new_response_must_fit_the_rows() -> None:
    problem = compile_design(parse_formula(MODELS[0]), FRAME)
    with pytest.raises(DataError, match="150 finite numbers"):
        problem.with_response(np.ones(N - 1))
    with pytest.raises(DataError, match="needs the rows"):
        replace(problem, rows=None).with_response(np.ones(N))
