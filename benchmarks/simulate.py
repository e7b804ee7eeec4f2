"""Simulate large random-slope data sets for the speed and scaling benchmarks.

Contract: ``slope_data_csv(rows, groups)`` returns the path of ``benchmarks/out/slopes_<rows>_<groups>.csv``,
writing it first if it is not there (fixed seed, so the same rows every time). The data follow
``y ~ x + (x | g)``: y = 10 + 2x + u0_g + u1_g x + e with sd(u0) = 2, sd(u1) = 1, cor = 0.3, sd(e) = 3;
rows are spread evenly over ``groups`` groups with ids "g000001"…, in shuffled order. benchmarks/out/ is
git-ignored: these files are regenerated, never committed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

OUT = Path(__file__).resolve().parent / "out"
SEED = 5


def slope_data(rows: int, groups: int) -> pa.Table:
    rng = np.random.default_rng(SEED)
    group = rng.permutation(np.arange(rows) % groups)
    covariance = np.array([[4.0, 0.6], [0.6, 1.0]])
    effects = rng.multivariate_normal(np.zeros(2), covariance, size=groups)
    x = rng.normal(0.0, 1.0, rows)
    y = 10.0 + 2.0 * x + effects[group, 0] + effects[group, 1] * x + rng.normal(0.0, 3.0, rows)
    ids = np.char.add("g", np.char.zfill(np.arange(1, groups + 1).astype(str), 6))
    return pa.table({"y": np.round(y, 4), "x": np.round(x, 4), "g": ids[group]})


def slope_data_csv(rows: int, groups: int) -> Path:
    path = OUT / f"slopes_{rows}_{groups}.csv"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        pa_csv.write_csv(slope_data(rows, groups), partial)
        partial.rename(path)
    return path
