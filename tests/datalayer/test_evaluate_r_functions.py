"""R's functions that a formula keeps by name, computed exactly as R computes them (the expected values
are R 4's, printed with all digits): poly (orthonormal, and raw), scale, round, log with a base, log10."""

from __future__ import annotations

import numpy as np
import pytest

from notation.data.evaluate import evaluate
from notation.errors import DataError
from notation.parse.formula import parse_formula

X = np.array([1, 2.5, 3.25, 8, 4.5, 2])
R_VALUES = [
    ("poly(x, 2)", [[-0.457961055397317, 0.598694311042454], [-0.187688957130048, -0.149719038639059], [-0.0525529079964134, -0.378743670509672], [0.803308736516605, 0.418400103995724], [0.172673840559644, -0.545366882190108], [-0.277779656552471, 0.0567351763006613]]),
    ("poly(x, 3, raw = TRUE)", [[1, 1, 1], [2.5, 6.25, 15.625], [3.25, 10.5625, 34.328125], [8, 64, 512], [4.5, 20.25, 91.125], [2, 4, 8]]),
    ("scale(x)", [-1.02403205091595, -0.419685266768831, -0.117511874695273, 1.7962529417706, 0.386110445427325, -0.62113419481787]),
    ("scale(x, center = FALSE)", [0.217122120755014, 0.542805301887536, 0.705646892453796, 1.73697696604011, 0.977049543397564, 0.434244241510028]),
    ("round(I(x * 1.01), 1)", [1, 2.5, 3.3, 8.1, 4.5, 2]),
    ("log(x, base = 2)", [0, 1.32192809488736, 1.70043971814109, 3, 2.16992500144231, 1]),
    ("log10(x)", [0, 0.397940008672038, 0.511883360978874, 0.903089986991944, 0.653212513775344, 0.301029995663981]),
]


@pytest.mark.parametrize(("text", "expected"), R_VALUES, ids=[t for t, _ in R_VALUES])
def test_function_values_are_rs(text: str, expected: list[float]) -> None:
    (term,) = parse_formula(f"y ~ {text}").fixed
    values = np.asarray(evaluate(term.factors[0], {"x": X}))
    assert values == pytest.approx(np.array(expected), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("text", ["ns(x, 3)", "bs(x)", "cut(x, 3)", "frobnicate(x)"])
def test_functions_notation_cannot_compute_are_named(text: str) -> None:
    (term,) = parse_formula(f"y ~ {text}").fixed
    with pytest.raises(DataError, match=text.split("(")[0]):
        evaluate(term.factors[0], {"x": X})
