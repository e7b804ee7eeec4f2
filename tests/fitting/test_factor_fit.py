"""Fitting and predicting with factor(x): the grouping factor(g) is g; new data keep the fitted levels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from notation.errors import DataError
from notation.fitting import fit
from notation.parse.formula import parse_formula
from notation.report import fit_json

FRAME = pd.DataFrame({
    "y": [1.0, 2.5, 3.1, 4.7, 5.2, 6.9, 7.1, 8.4, 9.9, 10.2, 11.5, 12.1],
    "x": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0],
    "wave": [10, 2, 1, 2, 10, 1, 2, 1, 10, 1, 2, 10],
    "g": ["a", "b", "c"] * 4,
})


def test_factor_of_grouping_fits_as_the_column() -> None:
    ours = fit_json(fit(parse_formula("y ~ x + (1 | factor(wave))"), FRAME))
    plain = fit_json(fit(parse_formula("y ~ x + (1 | wave)"), FRAME))
    assert ours["ngroups"] == plain["ngroups"] == {"wave": 3}
    assert ours["criterion"] == pytest.approx(plain["criterion"], rel=1e-12)


def test_prediction_keeps_the_fitted_levels() -> None:
    result = fit(parse_formula("y ~ factor(wave) + (1 | g)"), FRAME)
    new = pd.DataFrame({"wave": [10, 1], "g": ["a", "b"]})
    assert np.isfinite(result.predict(new)).all()
    with pytest.raises(DataError, match="level"):
        result.predict(pd.DataFrame({"wave": [3], "g": ["a"]}))
