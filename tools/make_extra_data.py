"""Simulate the data sets behind the extra lme4 references in tests/data/lme4_extra/.

Contract: ``python tools/make_extra_data.py`` (re)writes ``tests/data/lme4_extra/<case>.csv`` for every case
in CASES (fixed seeds, so byte-identical on rerun) and copies ``examples/schools.csv`` there. Each case is
small (≤ 2,000 rows) and exercises one thing the ten shared references do not; the formulas that fit them
are in ``tools/lme4_extra.json`` and ``tools/make_references.R`` turns the pair into reference JSON.
Missing values are written as empty fields.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "tests" / "data" / "lme4_extra"


def group_ids(prefix: str, count: int) -> list[str]:
    """Zero-padded ids, so alphabetical (R factor) order equals numeric order."""
    width = len(str(count))
    return [f"{prefix}{k + 1:0{width}d}" for k in range(count)]


def crossed(rng: np.random.Generator) -> pd.DataFrame:
    """Subjects × items, each subject answers a random 30 of 40 items: crossed factors, partially filled."""
    subjects, items = group_ids("subj", 36), group_ids("item", 40)
    pairs = [(s, i) for s in subjects for i in rng.choice(items, size=30, replace=False)]
    frame = pd.DataFrame(pairs, columns=["subject", "item"])
    subject_effect = dict(zip(subjects, rng.normal(0, 30, len(subjects)), strict=True))
    item_effect = dict(zip(items, rng.normal(0, 20, len(items)), strict=True))
    frame["x"] = rng.normal(0, 1, len(frame)).round(3)
    frame["rt"] = (
        600
        + 25 * frame["x"]
        + frame["subject"].map(subject_effect)
        + frame["item"].map(item_effect)
        + rng.normal(0, 50, len(frame))
    ).round(1)
    return frame[["rt", "x", "subject", "item"]]


def factor_interaction(rng: np.random.Generator) -> pd.DataFrame:
    """A 3-level treatment whose alphabetical order (high, low, placebo) is not its natural order."""
    clinics = group_ids("c", 30)
    frame = pd.DataFrame({"clinic": np.repeat(clinics, 20)})
    frame["arm"] = rng.choice(["placebo", "low", "high"], size=len(frame))
    frame["age"] = rng.uniform(20, 70, len(frame)).round(1)
    arm_effect = frame["arm"].map({"placebo": 0.0, "low": -4.0, "high": -9.0})
    arm_age_slope = frame["arm"].map({"placebo": 0.30, "low": 0.20, "high": 0.05})
    clinic_effect = frame["clinic"].map(dict(zip(clinics, rng.normal(0, 3, len(clinics)), strict=True)))
    noise = rng.normal(0, 5, len(frame))
    frame["bp"] = (120 + arm_effect + arm_age_slope * frame["age"] + clinic_effect + noise).round(2)
    return frame[["bp", "arm", "age", "clinic"]]


def transforms(rng: np.random.Generator) -> pd.DataFrame:
    """A quadratic and a log term: I(x^2) and log(z)."""
    groups = group_ids("g", 40)
    frame = pd.DataFrame({"g": np.repeat(groups, 25)})
    frame["x"] = rng.uniform(-2, 2, len(frame)).round(3)
    frame["z"] = rng.lognormal(1.0, 0.6, len(frame)).round(3)
    group_effect = frame["g"].map(dict(zip(groups, rng.normal(0, 1.5, len(groups)), strict=True)))
    frame["y"] = (
        5 + 1.2 * frame["x"] - 0.8 * frame["x"] ** 2 + 2.0 * np.log(frame["z"]) + group_effect
        + rng.normal(0, 1, len(frame))
    ).round(3)
    return frame[["y", "x", "z", "g"]]


def nested_three_level(rng: np.random.Generator) -> pd.DataFrame:
    """Students in schools in districts; school ids repeat across districts, so only district/school fits."""
    rows = []
    for district in group_ids("d", 12):
        district_effect = rng.normal(0, 4)
        for school in group_ids("s", int(rng.integers(4, 8))):
            school_effect = rng.normal(0, 3)
            for _ in range(int(rng.integers(10, 25))):
                rows.append((district, school, district_effect + school_effect))
    frame = pd.DataFrame(rows, columns=["district", "school", "effect"])
    frame["ses"] = rng.normal(0, 1, len(frame)).round(3)
    frame["score"] = (70 + 3 * frame["ses"] + frame["effect"] + rng.normal(0, 6, len(frame))).round(2)
    return frame[["score", "ses", "district", "school"]]


def two_slopes(rng: np.random.Generator) -> pd.DataFrame:
    """Random intercept and two random slopes, independent: (x1 + x2 || g)."""
    groups = group_ids("g", 50)
    frame = pd.DataFrame({"g": np.repeat(groups, 24)})
    frame["x1"] = rng.normal(0, 1, len(frame)).round(3)
    frame["x2"] = rng.uniform(0, 4, len(frame)).round(3)
    effects = rng.normal(0, [2.0, 1.0, 0.5], size=(len(groups), 3))
    u = frame["g"].map(dict(zip(groups, range(len(groups)), strict=True))).to_numpy()
    frame["y"] = (
        10 + effects[u, 0] + (1.5 + effects[u, 1]) * frame["x1"] + (-0.7 + effects[u, 2]) * frame["x2"]
        + rng.normal(0, 1.5, len(frame))
    ).round(3)
    return frame[["y", "x1", "x2", "g"]]


def slope_without_fixed(rng: np.random.Generator) -> pd.DataFrame:
    """A random slope on x whose mean is zero, fitted with no fixed x: y ~ 1 + (0 + x | g) + (1 | g)."""
    groups = group_ids("g", 45)
    frame = pd.DataFrame({"g": np.repeat(groups, 20)})
    frame["x"] = rng.normal(0, 1, len(frame)).round(3)
    intercepts = rng.normal(0, 2, len(groups))
    slopes = rng.normal(0, 1.5, len(groups))
    u = frame["g"].map(dict(zip(groups, range(len(groups)), strict=True))).to_numpy()
    frame["y"] = (3 + intercepts[u] + slopes[u] * frame["x"] + rng.normal(0, 1, len(frame))).round(3)
    return frame[["y", "x", "g"]]


def with_missing(rng: np.random.Generator) -> pd.DataFrame:
    """Missing values in the response, a predictor and the grouping column; lme4 drops those rows."""
    groups = group_ids("g", 30)
    frame = pd.DataFrame({"g": np.repeat(groups, 20).astype(object)})
    frame["x"] = rng.normal(0, 1, len(frame)).round(3)
    group_effect = frame["g"].map(dict(zip(groups, rng.normal(0, 2, len(groups)), strict=True)))
    frame["y"] = (4 + 2 * frame["x"] + group_effect + rng.normal(0, 1, len(frame))).round(3)
    frame["unused"] = rng.normal(0, 1, len(frame)).round(3)
    frame.loc[rng.choice(len(frame), 15, replace=False), "y"] = np.nan
    frame.loc[rng.choice(len(frame), 10, replace=False), "x"] = np.nan
    frame.loc[rng.choice(len(frame), 5, replace=False), "g"] = None
    # Missing only in a column the model does not use: lme4 keeps these rows.
    frame.loc[rng.choice(len(frame), 20, replace=False), "unused"] = np.nan
    return frame[["y", "x", "g", "unused"]]


def rank_deficient(rng: np.random.Generator) -> pd.DataFrame:
    """x_copy duplicates x exactly, so lme4 drops x_copy (the later column) and keeps the rest."""
    groups = group_ids("g", 25)
    frame = pd.DataFrame({"g": np.repeat(groups, 16)})
    frame["x"] = rng.normal(0, 1, len(frame)).round(3)
    frame["x_copy"] = frame["x"]
    frame["w"] = rng.normal(0, 1, len(frame)).round(3)
    group_effect = frame["g"].map(dict(zip(groups, rng.normal(0, 1.5, len(groups)), strict=True)))
    noise = rng.normal(0, 1, len(frame))
    frame["y"] = (1 + 0.8 * frame["x"] - 0.5 * frame["w"] + group_effect + noise).round(3)
    return frame[["y", "x", "x_copy", "w", "g"]]


def factors_and_levels(rng: np.random.Generator) -> pd.DataFrame:
    """Second-pass QA: factor slopes, factor × factor, offset, 3-level nesting crossed with items, 1e6 scale.

    720 rows; districts (4) > schools (5 per district, ids repeat) > classes (3 per school, ids repeat),
    items (20) crossed with all of them, groups g (24) carrying a correlated slope of the factor recipe.
    """
    n = 720
    district, school, klass = rng.integers(0, 4, n), rng.integers(0, 5, n), rng.integers(0, 3, n)
    item, g = rng.integers(0, 20, n), rng.integers(0, 24, n)
    recipe = rng.integers(0, 3, n)
    trt = rng.integers(0, 2, n)
    x, off = rng.normal(0, 1, n).round(3), rng.normal(0, 0.3, n).round(3)
    nested = (rng.normal(0, 0.8, 4)[district] + rng.normal(0, 0.6, 20)[district * 5 + school]
              + rng.normal(0, 0.4, 60)[(district * 5 + school) * 3 + klass])
    recipe_by_g = rng.multivariate_normal([0, 0, 0], [[1, .5, .2], [.5, .8, .3], [.2, .3, .6]], 24)
    y = (2 + 0.5 * x + np.array([0, 0.8, -0.4])[recipe] + 0.6 * trt + 0.5 * (recipe == 1) * trt + off
         + recipe_by_g[g, recipe] + rng.normal(0, 0.7, 20)[item] + nested + rng.normal(0, 1, n))
    return pd.DataFrame({
        "y": y.round(4), "x": x, "off": off, "recipe": np.array(["A", "B", "C"])[recipe],
        "trt": np.array(["ctl", "drug"])[trt], "g": [f"g{k + 1:02d}" for k in g],
        "item": [f"item{k + 1:02d}" for k in item], "district": [f"d{k + 1}" for k in district],
        "school": [f"s{k + 1}" for k in school], "klass": [f"c{k + 1}" for k in klass],
        "ybig": (y.round(4) * 1e6).round(0),
    })


CASES: dict[str, Callable[[np.random.Generator], pd.DataFrame]] = {
    "crossed": crossed,
    "factor_interaction": factor_interaction,
    "transforms": transforms,
    "nested_three_level": nested_three_level,
    "two_slopes": two_slopes,
    "slope_without_fixed": slope_without_fixed,
    "with_missing": with_missing,
    "rank_deficient": rank_deficient,
    "factors_and_levels": factors_and_levels,
}


def main() -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for seed, (name, simulate) in enumerate(CASES.items(), start=1):
        frame = simulate(np.random.default_rng(seed))
        frame.to_csv(OUTPUT_DIR / f"{name}.csv", index=False)
        print(f"{name:24s} {len(frame):5d} rows")
    shutil.copyfile(ROOT / "examples" / "schools.csv", OUTPUT_DIR / "schools.csv")


if __name__ == "__main__":
    main()
