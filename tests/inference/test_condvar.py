"""Conditional variances of the random effects against lme4's ranef(condVar = TRUE) postVar."""

from __future__ import annotations

import json

import numpy as np
import pytest
from inference_refs import INFERENCE, fitted

from notation.inference import condvar

NAMES = sorted(p.stem.removeprefix("condvar_") for p in INFERENCE.glob("condvar_*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_condvar_matches_lme4(name: str) -> None:
    reference = json.loads((INFERENCE / f"condvar_{name}.json").read_text(encoding="utf-8"))
    ours = condvar(fitted(name))
    for group, entry in reference["groups"].items():
        key = next(k for k in ours if sorted(k.split(":")) == sorted(group.split(":")))  # cask:batch
        q = len(entry["terms"])
        theirs = np.array(entry["postVar"], dtype=float).reshape(len(entry["levels"]), q, q)
        levels = [":".join(sorted(str(v).split(":"))) for v in fitted(name).ranef[key].index]
        order = [levels.index(":".join(sorted(level.split(":")))) for level in entry["levels"]]
        np.testing.assert_allclose(ours[key][order], theirs, rtol=1e-4, atol=1e-10 * np.abs(theirs).max())
