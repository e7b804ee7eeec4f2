"""Two starting points: a badly scaled random slope traps one of them in a worse optimum.

``badly_scaled_slope.csv``: x has SD 0.001, so the slope's relative SD θ is about 200. From the
moment start alone BOBYQA stopped at θ_slope = 0 (ML deviance 888.85, reported singular); lme4
1.1-31 (`lmer(y ~ x + t + f + (1 + x | g) + (1 | h), REML = FALSE)`, g and h factors) reaches
886.483083809. Small fits run both starts and keep the lower optimum.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from notation.fitting import fit
from notation.parse.formula import parse_formula

DATA = Path(__file__).resolve().parent.parent / "data" / "badly_scaled_slope.csv"
LME4_ML_DEVIANCE = 886.483083809


def test_the_better_of_two_starts_reaches_lme4s_optimum() -> None:
    data = pd.read_csv(DATA, dtype={"g": str, "h": str})
    result = fit(parse_formula("y ~ x + t + f + (1 + x | g) + (1 | h)"), data, reml=False)
    assert result.criterion <= LME4_ML_DEVIANCE * (1 + 1e-7)
    assert not any("singular" in w for w in result.warnings)
