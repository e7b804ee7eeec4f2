"""R's functions that a formula keeps by name, computed exactly as R computes them (the expected values
are R 4's, printed with all digits, in ``tests/data/formulas/r_function_values.json``): poly
(orthonormal, and raw), splines' ns and bs (R's knots), scale, round, log with a base, log10."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from notation.data.evaluate import evaluate
from notation.errors import DataError
from notation.parse.formula import parse_formula

R = json.loads((Path(__file__).parents[1] / "data" / "formulas" / "r_function_values.json")
               .read_text(encoding="utf-8"))
R_VALUES: list[tuple[str, list[float]]] = [(text, values) for text, values in R["values"]]
X = np.array(R["x"])


@pytest.mark.parametrize(("text", "expected"), R_VALUES, ids=[t for t, _ in R_VALUES])
def test_function_values_are_rs(text: str, expected: list[float]) -> None:
    (term,) = parse_formula(f"y ~ {text}").fixed
    values = np.asarray(evaluate(term.factors[0], {"x": X}))
    assert values == pytest.approx(np.array(expected), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("text", ["cut(x, 3)", "frobnicate(x)", "interaction(x, x)"])
def test_functions_notation_cannot_compute_are_named(text: str) -> None:
    (term,) = parse_formula(f"y ~ {text}").fixed
    with pytest.raises(DataError, match=text.split("(")[0]):
        evaluate(term.factors[0], {"x": X})
