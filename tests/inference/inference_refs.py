"""The lme4 / lmerTest / pbkrtest inference references (tests/data/inference, made by
tools/make_inference_references.R) and the fits they describe."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import notation
from notation.data import read_data

DATA = Path(__file__).resolve().parent.parent / "data"
INFERENCE = DATA / "inference"
_OTHER = ("compare_", "condvar_", "r2_")  # the comparisons, conditional variances and R² references
CASES = sorted(p.stem for p in INFERENCE.glob("*.json") if not p.stem.startswith(_OTHER))
COMPARISONS = sorted(p.stem for p in INFERENCE.glob("compare_*.json"))


@functools.cache
def reference(name: str) -> dict[str, Any]:
    return json.loads((INFERENCE / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def data(path: str) -> pd.DataFrame:
    return read_data(str(DATA / path))


@functools.cache
def fitted(name: str) -> notation.FittedModel:
    ref = reference(name)
    return notation.fit(notation.parse_spec(ref["formula"]), data(ref["data"]), reml=ref["reml"])


def table(entry: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(entry["cols"], index=entry["rows"])
    return frame.astype(float)


def assert_close(ours: pd.DataFrame, theirs: pd.DataFrame, rtol: float, columns: list[str] | None = None,
                 atol: float = 0.0) -> None:
    # DESIGN §6: lme4's nested group cask:batch is our batch:cask, matched either way
    assert [_group_sorted(r) for r in ours.index] == [_group_sorted(r) for r in theirs.index]
    for column in columns or list(theirs.columns):
        a, b = ours[column].to_numpy(dtype=float), theirs[column].to_numpy(dtype=float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), column
        ok = ~np.isnan(b)
        np.testing.assert_allclose(a[ok], b[ok], rtol=rtol, atol=atol, err_msg=column)


def _group_sorted(row: str) -> str:
    name, bar, group = str(row).partition("|")
    return name + bar + ":".join(sorted(group.split(":"))) if bar else name
