"""A fit's estimates land on every fixed and variance symbol, whichever route the spec came by.

One model, three spellings — the lme4 formula, the plain-text equations ``notation equations`` prints
for it (read back), and a seed's LaTeX — must each show every estimate of one fit in the levels form
and every fixed effect in the reduced form: a symbol left standing means the naming schemes of two
stages disagree (``N(0, T)`` once stayed symbolic for printed equations).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sympy as sp

import notation
from notation.data import data_schema
from notation.derive import model_symbols, multilevel_model
from notation.forms import render_latex
from notation.render import format_equations

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@cache
def _frame(name: str) -> pd.DataFrame:
    if name == "schools":
        return pd.read_csv(EXAMPLES / "schools.csv")
    if name == "seed002":  # seed 002's y_ic, X_ic, cluster c, from the schools data
        return pd.read_csv(EXAMPLES / "schools.csv").rename(columns={"Y": "y", "school": "c"})
    return pd.read_csv(DATA / f"{name}.csv")


FORMULAS = [
    ("Reaction ~ Days + (Days | Subject)", "sleepstudy"),
    ("Reaction ~ Days + (1 | Subject)", "sleepstudy"),
    ("Reaction ~ Days + (Days || Subject)", "sleepstudy"),
    ("diameter ~ 1 + (1 | plate) + (1 | sample)", "penicillin"),
    ("strength ~ 1 + (1 | batch/cask)", "pastes"),
    ("Yield ~ 1 + (1 | Batch)", "dyestuff"),
    ("Y ~ R*Z + X + S + (R | school)", "schools"),
    ("Y ~ 0 + R + X + (1 | school)", "schools"),
    ("Y ~ X + (1 | school) + (0 + R | school)", "schools"),
]
SEEDS = [  # seed LaTeX, its formula with the data's column names, the data, the index line
    ("seed001_slopes.tex", "Y ~ R*Z + X + S + (R | school)", "schools"),
    ("seed001_slopes_covariance.tex", "Y ~ R*Z + X + S + (R | school)", "schools"),
    ("seed001_bracket.tex", "Y ~ R*Z + X + S + (R | school)", "schools"),
    ("seed001_intercept.tex", "Y ~ R + X + Z + S + (1 | school)", "schools"),
    ("seed002_model1b.tex", "y ~ X + (1 | c)", "seed002"),
]


@cache
def _fit(formula: str, data: str) -> dict[str, Any]:
    return notation.fit_json(notation.fit(notation.parse_spec(formula), _frame(data)))


def _numbers(fit: dict[str, Any], fixed_only: bool, residual: bool) -> list[str]:
    """The estimates as the LaTeX printer writes them (4 significant digits, sign printed apart);
    ``residual``: σ² too (a user's equations need not state the residual's distribution)."""
    values = list(fit["fixef"].values())
    if not fixed_only:
        values += [row["vcov"] for row in fit["varcorr"] if residual or row["grp"] != "Residual"]
    return [f"{abs(v):.4g}" for v in values]


def _printed_equations(formula: str, data: str) -> notation.Spec:
    printed = format_equations(notation.multilevel(notation.parse_spec(formula), _frame(data)))
    return notation.parse_spec(printed)


def _seed(name: str) -> notation.Spec:
    text = (DATA / "equations" / name).read_text(encoding="utf-8")
    return notation.parse_spec(text, index={"j": "school"} if name.startswith("seed001") else None)


ROUTES: list[tuple[str, Callable[[], notation.Spec], str, str]] = [
    *((f"formula {f}", (lambda f=f: notation.parse_spec(f)), f, d) for f, d in FORMULAS),
    *((f"printed equations of {f}", (lambda f=f, d=d: _printed_equations(f, d)), f, d) for f, d in FORMULAS),
    *((f"seed {name}", (lambda name=name: _seed(name)), f, d) for name, f, d in SEEDS),
]


@pytest.mark.parametrize(("build", "formula", "data"), [r[1:] for r in ROUTES], ids=[r[0] for r in ROUTES])
@pytest.mark.parametrize("form", ["levels", "reduced"])
def test_every_estimate_lands(build: Callable[[], notation.Spec], formula: str, data: str, form: str) -> None:
    fit = _fit(formula, data)
    spec = build()
    assert spec.model == notation.parse_spec(formula).model
    symbolic = render_latex(spec, form=form, data=_frame(data))
    shown = render_latex(spec, form=form, data=_frame(data), estimates=fit)
    parameters = _parameters(spec, data, fixed_only=form == "reduced")
    residual = sp.latex(parameters[-1]) in symbolic
    missing = [n for n in _numbers(fit, fixed_only=form == "reduced", residual=residual) if n not in shown]
    assert not missing, shown
    standing = [p for p in parameters if sp.latex(p) in shown]
    assert not standing, shown
    assert r"\ T\right" not in shown and r"\mathbf{T}" not in shown


def _parameters(spec: notation.Spec, data: str, fixed_only: bool) -> list[sp.Expr]:
    """The symbols that stand for estimates in the forms: the spec's own, or those of the level
    equations the forms write for a formula."""
    schema = data_schema(spec, _frame(data))
    written = spec if spec.system is not None else multilevel_model(spec.model, schema)
    symbols = model_symbols(written, "gamma")
    fixed = [symbols.intercept, *symbols.coefficients.values()]
    if fixed_only:
        return [p for p in fixed if p is not None]
    entries = [e for matrix in symbols.block_covariances.values() for e in matrix if e != 0]
    return [p for p in (*fixed, *entries, symbols.residual_variance) if p is not None]
