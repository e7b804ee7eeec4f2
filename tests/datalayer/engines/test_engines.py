"""Every engine fits what the in-memory path fits (DESIGN.md §9): criterion, fixef, θ to 1e-9, the
same names, levels, messages and summary — DuckDB in-process, Dask on a two-worker local cluster."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from engine_data import DATA, synthetic

from notation.data import data_schema
from notation.data.engines import open_data, table_schema
from notation.errors import DataError
from notation.fitted import fit
from notation.parse import parse_spec
from notation.report import summary

SLEEP = "sleepstudy"
CASES = [  # (data, formula)
    (SLEEP, "Reaction ~ 1 + (1 | Subject)"),
    (SLEEP, "Reaction ~ Days + (Days | Subject)"),
    (SLEEP, "Reaction ~ Days + (Days || Subject)"),
    (SLEEP, "Reaction ~ Days + I(Days^2) + log(Days + 1) + (1 | Subject)"),
    (SLEEP, "Reaction ~ 0 + Days + (Days | Subject)"),  # flat: see FLAT
    (SLEEP, "Reaction ~ Days + offset(0.5 * Days) + (1 | Subject)"),
    ("cake", "angle ~ recipe + temp + (1 | recipe:replicate)"),
    ("cake", "angle ~ recipe * temp + (1 | replicate)"),
    ("cake", "angle ~ 0 + recipe + factor(temp) + (1 | replicate)"),
    ("penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)"),
    ("pastes", "strength ~ 1 + (1 | batch/cask)"),
    ("synthetic", "y ~ x + log(z) + f + (x | g)"),  # NA rows dropped, a three-level factor
    ("synthetic", "y ~ x + x2 + z + (1 | g)"),  # rank deficient: x2 = 2x
    ("synthetic", "y ~ x + f:z + (1 | g) + (1 | a) + (1 | b)"),  # three crossed factors; flat
    ("synthetic", "w ~ x + (1 | g) + (0 + z | g)"),  # a response of 1e6 + 3x: the standardisation's case
]

# Fits whose criterion is flat in θ near the optimum (a variance at or near 0): Gram blocks equal to
# 1e-13 still give criteria equal to 1e-9, but BOBYQA (ftol 1e-8) stops at points whose β̂ differ
# by up to ~1e-3 standard errors — as the in-memory fit of the same rows in another order does.
FLAT = {CASES[4], CASES[13]}


def _frame(name: str) -> pd.DataFrame:
    return synthetic() if name == "synthetic" else pd.read_csv(DATA / f"{name}.csv")


def _assert_same(ours: Any, reference: Any, flat: bool = False) -> None:
    assert ours.criterion == pytest.approx(reference.criterion, rel=1e-9)
    assert list(ours.fixef.index) == list(reference.fixef.index)
    difference = np.abs(ours.fixef.to_numpy() - reference.fixef.to_numpy())
    if flat:
        assert np.all(difference <= 1e-2 * reference.se.to_numpy())
    else:
        np.testing.assert_allclose(ours.fixef.to_numpy(), reference.fixef.to_numpy(), rtol=1e-9, atol=1e-9)
    # θ and b̂ agree to the optimiser's own tolerance (BOBYQA stops within ~1e-6 of the optimum)
    loose = 1e-2 if flat else 1e-4
    np.testing.assert_allclose(ours.theta, reference.theta, rtol=loose, atol=loose / 10)
    assert ours.warnings == reference.warnings
    assert ours.ngroups == reference.ngroups
    for name, frame in reference.ranef.items():
        assert list(ours.ranef[name].index) == list(frame.index)
        values = frame.to_numpy()
        np.testing.assert_allclose(ours.ranef[name].to_numpy(), values, rtol=loose,
                                   atol=max(loose * float(np.max(np.abs(values))), 1e-10))


@pytest.fixture(scope="module")
def references() -> dict[tuple[str, str], Any]:
    return {(d, f): fit(parse_spec(f), _frame(d)) for d, f in CASES}


@pytest.mark.parametrize(("data", "formula"), CASES)
def test_duckdb_fits_what_pandas_fits(data: str, formula: str, references: dict) -> None:
    ours = fit(parse_spec(formula), _frame(data), engine="duckdb")
    assert ours.problem.rows is None and ours.problem.engine == "duckdb"
    _assert_same(ours, references[data, formula], (data, formula) in FLAT)
    if (data, formula) not in FLAT:
        assert summary(ours) == summary(references[data, formula])  # residual quantiles from DuckDB


@pytest.mark.parametrize(("data", "formula"), CASES[1::3] + CASES[-1:])
def test_dask_fits_what_pandas_fits(data: str, formula: str, references: dict, dask_client: Any) -> None:
    ours = fit(parse_spec(formula), _frame(data), engine="dask", scheduler=dask_client)
    assert ours.problem.engine == "dask"
    _assert_same(ours, references[data, formula], (data, formula) in FLAT)


@pytest.mark.parametrize("formula", ["y ~ x + log(z) + f + (x | g)", "y ~ x + x2 + (1 | g) + (1 | a:b)"])
def test_each_engine_states_the_pandas_schema(formula: str, dask_client: Any) -> None:
    frame = synthetic()
    spec = parse_spec(formula)
    expected = data_schema(spec, frame)
    assert table_schema(spec, open_data(frame, "duckdb")) == expected
    assert table_schema(spec, open_data(frame, "dask", dask_client)) == expected


def test_inference_from_sums_matches_and_row_wise_results_say_why_not(references: dict) -> None:
    case = CASES[1]
    reference = references[case]
    ours = fit(parse_spec(case[1]), _frame(case[0]), engine="duckdb")
    pd.testing.assert_frame_equal(ours.satterthwaite, reference.satterthwaite, rtol=1e-6)
    pd.testing.assert_frame_equal(ours.anova(), reference.anova(), rtol=1e-6)
    for method in ("wald", "profile"):
        pd.testing.assert_frame_equal(ours.confint(method), reference.confint(method), rtol=1e-5)
    for needs_rows in (lambda: ours.fitted, lambda: ours.residuals, lambda: ours.confint("boot", nsim=5),
                       lambda: ours.simulate()):
        with pytest.raises(DataError, match="duckdb engine"):
            needs_rows()


@pytest.mark.parametrize(("formula", "message"), [
    ("y ~ nothere + (1 | g)", "no column 'nothere'"),
    ("y ~ f + (1 | f2)", "no column 'f2'"),
    ("y ~ g + (1 | a)", None),  # a text factor is fine; a text column as a number is not:
    ("y ~ I(g^2) + (1 | a)", "holds text"),
    ("y ~ x + poly(z, 2) + (1 | g)", "depends on all the rows"),
    ("y ~ log(x) + (1 | g)", "not finite"),
    ("y ~ x + (1 | y)", "levels"),
])
def test_bad_models_are_data_errors_as_in_memory(formula: str, message: str | None) -> None:
    frame = synthetic()
    if message is None:
        fit(parse_spec(formula), frame, engine="duckdb")
        return
    with pytest.raises(DataError, match=message):
        fit(parse_spec(formula), frame, engine="duckdb")


def test_unknown_engine_and_type_are_data_errors() -> None:
    with pytest.raises(DataError, match="unknown engine 'spark'"):
        open_data(synthetic(), "spark")
    with pytest.raises(DataError, match="cannot read data of type list"):
        open_data([1, 2], "duckdb")


def test_identifiers_are_quoted_whatever_they_hold() -> None:
    frame = pd.read_csv(DATA / "sleepstudy.csv")
    frame = frame.rename(columns={"Days": 'da"ys; drop', "Subject": "sub ject"})
    spec = parse_spec('Reaction ~ `da"ys; drop` + (1 | `sub ject`)')
    ours, reference = fit(spec, frame, engine="duckdb"), fit(spec, frame)
    assert ours.criterion == pytest.approx(reference.criterion, rel=1e-9)
    assert list(ours.fixef.index) == list(reference.fixef.index)
