"""The cross pattern of a crossed design, re-laid out for a problem with other [X y] columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from notation.design import compile_design
from notation.fitting import ProfiledDeviance
from notation.parse import parse_spec

RNG = np.random.default_rng(4)
FRAME = pd.DataFrame({"a": RNG.integers(0, 30, 400).astype(str), "b": RNG.integers(0, 12, 400).astype(str),
                      "x": RNG.normal(size=400), "z": RNG.normal(size=400)})
FRAME["y"] = FRAME.x + RNG.normal(size=400) + FRAME.a.astype(int) % 5 - FRAME.b.astype(int) % 3


@pytest.mark.parametrize(("source", "target"), [
    ("y ~ x + z + (1 | a) + (1 | b)", "y ~ x + (1 | a) + (1 | b)"),  # one X column fewer: a narrower rest
    ("y ~ 1 + (1 | a) + (1 | b)", "y ~ x + z + (1 | a) + (1 | b)"),  # wider
    ("y ~ x + (1 | a) + (1 | b)", "y ~ z + (1 | a) + (1 | b)"),  # the same width
])
def test_a_borrowed_pattern_gives_the_same_deviance(source: str, target: str) -> None:
    borrowed = ProfiledDeviance(compile_design(parse_spec(source), FRAME).statistics, reml=False)
    stats = compile_design(parse_spec(target), FRAME).statistics
    assert borrowed.pattern is not None
    own, relaid = ProfiledDeviance(stats, reml=True), ProfiledDeviance(stats, True, pattern=borrowed.pattern)
    for theta in ([0.7, 0.4], [1.5, 0.05], [0.2, 2.0]):
        assert relaid(np.array(theta)) == pytest.approx(own(np.array(theta)), rel=1e-13)
