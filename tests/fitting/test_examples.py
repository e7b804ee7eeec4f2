"""The schools example end to end: seed 001's slope model read from examples/ as equations, fitted to
examples/schools.csv, gives lme4's fit of ``Y ~ R * Z + X + S + (R | school)``.

The equation files order terms as the equations do (Z, S before R), so effects are matched by name with
interaction parts in either order (``Z:R`` is lme4's ``R:Z``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from notation.fitting import fit
from notation.parse import parse_spec
from notation.report import fit_json

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"
REFERENCE = ROOT / "tests" / "data" / "lme4_extra" / "schools_slope_reml.json"


def effect_key(name: str) -> frozenset[str]:
    return frozenset(name.split(":"))


@pytest.mark.parametrize("spec_file", ["schools_slope.eq", "schools_slope.tex"])
def test_equation_spec_fits_like_lme4(spec_file: str) -> None:
    reference = json.loads(REFERENCE.read_text())
    data = pd.read_csv(EXAMPLES / "schools.csv", dtype={"school": str})
    model = parse_spec((EXAMPLES / spec_file).read_text())
    ours = fit_json(fit(model, data))
    assert ours["nobs"] == reference["nobs"]
    assert ours["ngroups"] == reference["ngroups"]
    assert ours["criterion"] == pytest.approx(reference["criterion"], rel=1e-6)
    assert ours["sigma"] == pytest.approx(reference["sigma"], rel=1e-4)
    fixef = {effect_key(k): v for k, v in ours["fixef"].items()}
    assert set(fixef) == {effect_key(k) for k in reference["fixef"]}
    for name, value in reference["fixef"].items():
        assert fixef[effect_key(name)] == pytest.approx(value, abs=1e-3 * reference["se"][name]), name
