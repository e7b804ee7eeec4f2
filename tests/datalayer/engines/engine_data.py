"""Data for the engine tests: the repository's CSVs and a synthetic set with every term shape."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"


def synthetic(n: int = 400, seed: int = 7) -> pd.DataFrame:
    """Slopes, a three-level factor, crossed and nested groups, a positive x for log(), a few gaps."""
    rng = np.random.default_rng(seed)
    g = rng.integers(0, 12, n)
    a = rng.integers(0, 9, n)
    b = rng.integers(0, 5, n)
    x = rng.normal(size=n)
    z = rng.uniform(0.5, 3.0, n)
    f = rng.choice(["lo", "mid", "hi"], n)
    u = rng.normal(size=12)[g] + 0.4 * rng.normal(size=12)[g] * x + rng.normal(size=9)[a] * 0.5
    y = 1.0 + 0.5 * x - 0.3 * np.log(z) + (f == "hi") * 0.7 + u + rng.normal(size=n)
    frame = pd.DataFrame({"y": y, "x": x, "z": z, "f": f, "g": [f"g{k}" for k in g], "a": a,
                          "b": [f"b{k}" for k in b], "x2": 2.0 * x, "w": 1e6 + 3.0 * x + y})
    frame.loc[[3, 50, 77], "x"] = np.nan
    frame.loc[[10, 11], "f"] = None
    return frame
