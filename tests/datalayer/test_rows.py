"""The model's complete rows: R's base constants stand in for columns the data lack, as in R."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from notation.data.rows import complete_rows
from notation.errors import DataError
from notation.parse import parse_formula

FRAME = pd.DataFrame({"y": [1.0, 2.0, 3.0, 4.0], "t": [0.0, 0.25, 0.5, 0.75], "g": list("aabb")})


def test_pi_is_rs_constant_when_the_data_have_no_such_column() -> None:
    frame, _ = complete_rows(parse_formula("y ~ sin(2 * pi * t) + (1 | g)"), FRAME)
    assert np.all(frame["pi"] == math.pi)


def test_a_column_named_pi_wins_over_the_constant() -> None:
    data = FRAME.assign(pi=[1.0, 2.0, 3.0, 4.0])
    frame, _ = complete_rows(parse_formula("y ~ sin(2 * pi * t) + (1 | g)"), data)
    assert list(frame["pi"]) == [1.0, 2.0, 3.0, 4.0]


@pytest.mark.parametrize("name", ["e", "Pi", "PI"])
def test_other_names_are_missing_columns(name: str) -> None:
    with pytest.raises(DataError, match=f"no column '{name}'"):
        complete_rows(parse_formula(f"y ~ sin(2 * {name} * t) + (1 | g)"), FRAME)
