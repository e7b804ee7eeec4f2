"""Bad data gets a clear DataError (what, where, how to fix) — never a traceback or a silent number."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from notation.design import compile_design
from notation.errors import DataError, SpecMeaningError
from notation.parse import parse_spec
from notation.parse.formula import parse_formula

RNG = np.random.default_rng(5)
GOOD = pd.DataFrame({
    "y": RNG.normal(size=40),
    "x": RNG.normal(size=40),
    "g": np.repeat(["a", "b", "c", "d", "e"], 8),
})


def _with(**columns: object) -> pd.DataFrame:
    return GOOD.assign(**columns)


@pytest.mark.parametrize(("formula", "frame", "message"), [
    ("y ~ w + (1 | g)", GOOD, "no column 'w'"),
    # used as a number, a column mixing numbers and text is refused (a bare term is a factor, as R's)
    ("y ~ I(x^2) + (1 | g)", _with(x=["1.5"] * 20 + ["abc"] + ["2"] * 19),
     "mixes numbers and text: 'abc' in row 20"),
    ("y ~ log(x) + (1 | g)", _with(x=["p"] * 40), "holds text"),
    ("y ~ x + (1 | g)", _with(x=np.nan), "column 'x' has no values"),
    ("y ~ x + (1 | g)", _with(g="a"), "grouping factors must have > 1 sampled level"),
    ("y ~ x + (1 | g)", _with(g=np.arange(40)), "must be < number of observations"),
    ("y ~ x + (x | g)", _with(g=np.arange(40) // 2),
     "number of observations (=40) <= number of random effects (=40)"),
    ("y ~ x + (1 | g)", _with(y=3.0), "constant"),
    ("y ~ log(x) + (1 | g)", GOOD, "log(x) is not finite"),
    ("y ~ x + (1 | g)", _with(y=["a"] * 40), "holds text"),
    ("y ~ x + (1 | g)", _with(x=np.inf), "infinite"),
    ("y ~ x + (1 | g)", pd.concat([GOOD, GOOD[["x"]]], axis=1), "2 columns named 'x'"),  # was a ValueError
    # these three used to fit: f silently vanished; an all-NaN deviance; "holds text" for a logical
    ("y ~ f + (1 | g)", _with(f="u"), "factor 'f' has a single level ('u')"),
    ("y ~ x + (f | g)", _with(f="u"), "factor 'f' has a single level ('u')"),
    ("y ~ x + (1 | g)", _with(x=GOOD["x"] * 1e200), "'x' has values as large as"),
    ("y ~ x + (1 | g)", _with(y=GOOD["y"] * 1e200), "'y' has values as large as"),
    ("y ~ x + (1 | g)", _with(y=[True, False] * 20), "is logical (TRUE/FALSE)"),
])
def test_bad_data_is_a_clear_error(formula: str, frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(DataError) as error:
        compile_design(parse_formula(formula), frame)
    assert message in error.value.message
    assert error.value.hint


@pytest.mark.parametrize(("spec", "index", "hint"), [
    # used to list the columns only: the index letter j is no column, --index j=COLUMN names one
    ("y_ij = b0_j + b1 x_ij + e_ij\nb0_j = g00 + u0_j", None, "--index j=COLUMN"),
    ("y_ij = b0_j + b1 x_ij + e_ij\nb0_j = g00 + u0_j", {"j": "school"}, "columns available"),
])
def test_missing_index_column_says_how_to_name_it(spec: str, index: dict[str, str] | None, hint: str) -> None:
    with pytest.raises(DataError) as error:
        compile_design(parse_spec(spec, index=index), GOOD)
    assert hint in (error.value.hint or "")


def test_no_random_effects_is_a_meaning_error() -> None:
    with pytest.raises(SpecMeaningError):
        compile_design(parse_formula("y ~ x"), GOOD)
