"""Cross-stage agreement: the sizes the matrix form states (derive, from the data schema) are the
fitted design's — N complete rows, p columns of X after the rank check, q and J per grouping factor —
for factor-heavy models, dates, logicals, a duplicated column and an ``a:b`` grouping."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import notation
from notation.cli import main
from notation.design import compile_design
from notation.parse import parse_formula

RNG = np.random.default_rng(8)
N = 120
FRAME = pd.DataFrame({
    "x": RNG.normal(size=N),
    "recipe": RNG.choice(["A", "B", "C"], N),
    "trt": RNG.choice(["ctl", "drug"], N),
    "wave": RNG.choice([1, 2, 10], N),
    "flag": RNG.choice([True, False], N),
    "size": pd.Categorical(RNG.choice(["small", "large"], N), categories=["small", "large"]),
    "g": np.repeat([f"g{k:02d}" for k in range(12)], 10),
    "h": np.tile(["p", "q", "r", "s"], 30),
    "when": pd.Timestamp("2021-03-01") + pd.to_timedelta(RNG.integers(0, 90, N), unit="D"),
    "day": [datetime.date(2021, 3, 1) + datetime.timedelta(days=int(k)) for k in RNG.integers(0, 90, N)],
    "visit": RNG.choice(["2021-03-01", "2021-03-08", "2021-03-15"], N),  # a CSV date: text, a factor
})
FRAME["y"] = RNG.normal(size=N) + FRAME["x"]
FRAME["x2"] = FRAME["x"]  # a duplicated column: rank deficient
FRAME["kind"] = FRAME["recipe"].map({"A": "one", "B": "two", "C": "three"})  # recipe under other names
FRAME.loc[[3, 17, 40], "y"] = np.nan  # lme4 drops these rows; so must the matrix form

MODELS = [
    ("y ~ 0 + recipe + trt + (1 | g)", 4),  # the no-intercept rule: trt keeps its contrast
    ("y ~ recipe * trt + (1 | g)", 6),
    ("y ~ factor(wave) + x + (1 | g)", 4),
    ("y ~ x + (0 + recipe | g)", 2),  # a factor random slope: q = 3
    ("y ~ 0 + x + recipe + (factor(wave) | g)", 4),
    ("y ~ recipe * x + (1 | h)", 6),  # factor × numeric
    ("y ~ x:recipe + x + (1 | g)", 4),
    ("y ~ x + x2 + (1 | g)", 2),  # duplicated column dropped
    ("y ~ recipe + kind + (1 | g)", 3),  # the same factor twice: two columns dropped
    ("y ~ when + (1 | g)", 2),  # POSIXct: numeric
    ("y ~ day + x + (1 | g)", 3),  # Date: numeric
    ("y ~ visit + (1 | g)", 3),  # a date as text: a factor
    ("y ~ flag + size + (1 | g:h)", 3),  # logical, categorical, an a:b grouping
    ("y ~ x + (1 | h) + (1 | h:g)", 2),  # nested
    ("y ~ x + (1 | g) + (0 + trt | h)", 2),  # crossed, with a factor slope
]


def _design_dimensions(formula: str) -> tuple[int, int, dict[frozenset[str], tuple[int, int]]]:
    design = compile_design(parse_formula(formula), FRAME)
    blocks: dict[frozenset[str], tuple[int, int]] = {}
    for term in design.terms:
        key = frozenset(term.block.grouping)
        q, _ = blocks.get(key, (0, 0))
        blocks[key] = (q + term.q, term.nlevels)
    return design.nobs, design.p, blocks


@pytest.mark.parametrize(("formula", "p"), MODELS)
def test_matrix_form_states_the_fitted_design(formula: str, p: int) -> None:
    form = notation.matrix_form(parse_formula(formula), FRAME)
    stated = (int(form.N), int(form.p),
              {frozenset(b.grouping): (int(b.q), int(b.J)) for b in form.blocks})
    assert stated == _design_dimensions(formula)
    assert stated[:2] == (N - 3, p)


@pytest.mark.parametrize("formula", ["y ~ 0 + recipe + trt + (1 | g)", "y ~ x + x2 + (1 | g)"])
def test_matrix_form_states_the_fit(formula: str) -> None:
    model = parse_formula(formula)
    fitted = notation.fit_json(notation.fit(model, FRAME))
    form = notation.matrix_form(model, FRAME)
    assert (form.N, form.p) == (fitted["nobs"], len(fitted["fixef"]))


@pytest.mark.parametrize(("formula", "width"), [
    ("y ~ 0 + recipe + trt + (1 | g)", r"\underbrace{\mathbf{X}}_{117 \times 4}"),  # said 5
    ("y ~ x + x2 + (1 | g)", r"\underbrace{\mathbf{X}}_{117 \times 2}"),  # said 3
])
def test_cli_matrix_form_agrees_with_the_fit(formula: str, width: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.csv"
    FRAME.to_csv(path, index=False)
    assert main(["latex", formula, "--form", "matrix", "--data", str(path)]) == 0
    assert width in capsys.readouterr().out


def test_contrast_terms_are_the_fixed_effects_the_fit_names() -> None:
    model = parse_formula("y ~ 0 + recipe + trt + (1 | g)")
    fitted = notation.fit_json(notation.fit(model, FRAME))
    text = notation.render_latex(model, "reduced", data=FRAME, estimates=fitted)
    for name in fitted["fixef"]:
        assert rf"\operatorname{{{name}}}" in text
    assert r"\operatorname{trtctl}" not in text  # without an intercept only recipe spans it
