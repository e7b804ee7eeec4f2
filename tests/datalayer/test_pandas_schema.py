"""The pandas backend: dtypes → kinds as R reads them, and the schema of a model on a DataFrame."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from notation.data import data_schema, read_data
from notation.data.columns import numeric_column
from notation.data.kinds import column_kind
from notation.errors import DataError
from notation.parse import parse_formula

DAYS = [datetime.date(2020, 1, 1) + datetime.timedelta(days=k) for k in range(4)]
FRAME = pd.DataFrame({
    "y": [1.0, 2.0, 4.0, 3.0, 5.0, 7.0, 6.0, np.nan],
    "x": [0.5, 1.5, 0.1, 0.2, 0.3, 0.9, 0.4, 0.8],
    "wave": [10, 2, 1, 2, 10, 1, 2, 1],
    "recipe": ["C", "A", "B", "A", "C", "B", "A", "B"],
    "size": pd.Categorical(["small", "large"] * 4, categories=["small", "large"]),
    "flag": [True, False, True, False, True, False, True, False],
    "g": ["a", "a", "b", "b", "c", "c", "d", "d"],
    "h": [1, 1, 1, 1, 2, 2, 2, 2],
    "school_size": [5.0, 5.0, 6.0, 6.0, 7.0, 7.0, 8.0, 8.0],
})


@pytest.mark.parametrize(("values", "kind"), [
    (pd.Series([1, 2]), "numeric"),
    (pd.Series([1.5, np.nan]), "numeric"),
    (pd.Series([True, False]), "logical"),
    (pd.Series([True, None, False], dtype=object), "logical"),  # TRUE/FALSE with a gap, as read_csv gives
    (pd.Series(["a", "b"]), "text"),
    (pd.Series(["2020-01-01", "2020-01-02"]), "text"),  # a CSV date is character in read.csv: a factor
    (pd.Series(pd.Categorical(["b", "a"])), "factor"),
    (pd.Series(pd.to_datetime(["2020-01-01", "2020-01-02"])), "datetime"),
    (pd.Series(DAYS[:2]), "date"),
])
def test_dtypes_map_to_kinds(values: pd.Series, kind: str) -> None:
    assert column_kind(values) == kind


def test_dates_are_numbers_as_model_matrix_reads_them() -> None:
    assert numeric_column("d", pd.Series(DAYS[:2])).tolist() == [18262.0, 18263.0]  # days since 1970
    stamps = pd.Series([pd.Timestamp("1970-01-01 00:01"), pd.Timestamp("1970-01-02")])
    assert numeric_column("t", stamps).tolist() == [60.0, 86400.0]  # seconds since 1970


def test_parquet_dates_keep_their_kind(tmp_path: Path) -> None:
    path = tmp_path / "dates.parquet"
    pd.DataFrame({"day": DAYS, "when": pd.to_datetime(DAYS)}).to_parquet(path)
    frame = read_data(str(path))
    assert (column_kind(frame["day"]), column_kind(frame["when"])) == ("date", "datetime")


def test_schema_counts_complete_rows_and_levels_in_r_order() -> None:
    model = parse_formula("y ~ recipe + size + flag + factor(wave) + x + (1 | g)")
    schema = data_schema(model, FRAME)
    assert schema.nrows == 7  # the row with a missing response is dropped, as lme4 drops it
    assert schema.column("recipe").levels == ("A", "B", "C")
    assert schema.column("size").levels == ("small", "large")  # a categorical keeps its own order
    assert schema.column("flag").levels == ("FALSE", "TRUE")
    assert schema.column("wave").levels == ("1", "2", "10")  # factor(wave): numbers sort numerically
    assert schema.column("x").levels is None
    assert schema.column_names(model.intercept, model.fixed) == (
        "(Intercept)", "recipeB", "recipeC", "sizelarge", "flagTRUE", "factor(wave)2", "factor(wave)10", "x")


def test_groupings_have_sizes_and_constant_variables() -> None:
    model = parse_formula("y ~ x + school_size + (1 | h) + (1 | h:g)")
    schema = data_schema(model, FRAME)
    assert schema.grouping(("h",)).sizes == (4, 3)
    assert schema.grouping(("g", "h")).sizes == (2, 2, 2, 1)
    assert "school_size" not in schema.grouping(("h",)).constant
    assert {"school_size", "g", "h"} <= schema.grouping(("h", "g")).constant
    assert "x" not in schema.grouping(("h", "g")).constant


def test_rank_deficient_columns_are_named() -> None:
    frame = FRAME.assign(x2=FRAME["x"] * 2, x3=FRAME["x"] + 1)
    model = parse_formula("y ~ x + x2 + x3 + (1 | g)")
    schema = data_schema(model, frame)
    assert schema.dropped == ("x2", "x3")
    assert schema.fixed_names(model) == ("(Intercept)", "x")


def test_missing_column_and_bad_input_are_data_errors() -> None:
    with pytest.raises(DataError, match="no column 'z'"):
        data_schema(parse_formula("y ~ z + (1 | g)"), FRAME)
    with pytest.raises(DataError, match="cannot read data of type"):
        data_schema(parse_formula("y ~ x + (1 | g)"), [1, 2])  # type: ignore[arg-type]
