"""Fuzzing the public entry points (hypothesis; bounded: about a minute in all).

Every input is either a result or one of notation's errors — never another exception; a fit never
returns a non-finite estimate without a warning; formulas and equations round-trip through their
printers. Four generators: formula text built from the grammar's pieces, free text over the
formula and LaTeX alphabets, two-level equation systems, and small random data frames (numbers,
factors, text levels such as None/NULL/N/A, missing values, constant and duplicated columns, scales
from 1e-100 to 1e100) fitted by REML and ML. A hang would show as a run that does not finish: the
optimiser's evaluations are bounded (nlopt maxeval), not timed here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import notation
from notation.errors import NotationError
from notation.parse import parse_spec
from notation.render import format_equations, format_formula


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True, database=None)

VARIABLES = ["x", "z", "f", "w", "k"]
PREDICTORS = ["x", "z", "f", "x:z", "f:x", "I(x^2)", "log(w)", "factor(k)", "x*f", "0", "1", "-1"]
GROUPINGS = ["g", "h", "g:h", "g/h", "f"]


@st.composite
def formulas(draw: st.DrawFn) -> str:
    fixed = draw(st.lists(st.sampled_from(PREDICTORS), max_size=4))
    blocks = []
    for _ in range(draw(st.integers(1, 3))):  # the fitter needs one; formulas() with none: see parse tests
        terms = draw(st.lists(st.sampled_from(["1", "0", "x", "z", "f", "x:z"]), min_size=1, max_size=3))
        bar = draw(st.sampled_from(["|", "||"]))
        blocks.append(f"({' + '.join(terms)} {bar} {draw(st.sampled_from(GROUPINGS))})")
    response = draw(st.sampled_from(["y", "log(w)", "y2"]))
    return f"{response} ~ {' + '.join(fixed + blocks) or '1'}"


FORMULA_ALPHABET = "yxzfgh ~+-*/:|()^01.,_\\{}=$\n\t`'\"#"
LATEX_ALPHABET = "Yyxjiku_0123 {}\\=+*^()[]~Nsigma beta gamma\n&"


def _parse_or_error(text: str) -> notation.Spec | None:
    try:
        spec = parse_spec(text)
    except NotationError as exc:
        event(f"parse: {type(exc).__name__}")
        return None
    event("parse: spec")
    return spec


@fuzz(400)
@given(formulas())
def test_formulas_parse_print_and_read_back(text: str) -> None:
    spec = _parse_or_error(text)
    if spec is None:
        return
    printed = format_formula(spec)
    assert format_formula(parse_spec(printed)) == printed


@fuzz(1500)
@given(st.one_of(st.text(FORMULA_ALPHABET, max_size=40), st.text(LATEX_ALPHABET, max_size=60),
                 st.text(max_size=30)))
def test_any_text_is_a_spec_or_a_notation_error(text: str) -> None:
    _parse_or_error(text)


@st.composite
def equation_systems(draw: st.DrawFn) -> str:
    slope = draw(st.booleans())
    level1 = "Y_ij = beta_0j" + (" + beta_1j*X_ij" if slope else "") + draw(st.sampled_from([" + e_ij", ""]))
    level2 = ["beta_0j = gamma_00" + draw(st.sampled_from(["", " + gamma_01*Z_j"]))
              + draw(st.sampled_from([" + u_0j", ""]))]
    if slope:
        level2.append("beta_1j = gamma_10" + draw(st.sampled_from(["", " + gamma_11*Z_j"]))
                      + draw(st.sampled_from([" + u_1j", ""])))
    lines = [level1, *level2]
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["j: school", "j: g", "k: school"])))
    if draw(st.booleans()):
        lines = [line.replace("beta_", "\\beta_").replace("gamma_", "\\gamma_") for line in lines]
    return "\n".join(draw(st.permutations(lines)) if draw(st.booleans()) else lines)


@fuzz(300)
@given(equation_systems())
def test_equations_parse_and_round_trip(text: str) -> None:
    spec = _parse_or_error(text)
    if spec is None:
        return
    formula = format_formula(spec)
    try:
        system = notation.multilevel(spec)
    except NotationError:
        return
    again = parse_spec(format_equations(system))
    assert format_formula(again) == formula


LEVEL_NAMES = ["a", "b", "None", "NULL", "N/A", "nan", "K", "1", "2", ""]


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(4, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale = 10.0 ** draw(st.sampled_from([0, 0, 0, -100, 100, 8, -8]))
    shift = draw(st.sampled_from([0.0, 0.0, 1e6, -1e7]))
    groups = draw(st.integers(1, 8))
    frame = pd.DataFrame({
        "y": scale * rng.normal(size=n) + shift,
        "x": rng.normal(size=n) * draw(st.sampled_from([1.0, 0.0, 1e5])),
        "z": rng.integers(0, 3, n).astype(float),
        "w": rng.uniform(0.5, 2.0, n),
        "k": rng.integers(0, 3, n),
        "f": rng.choice(draw(st.lists(st.sampled_from(LEVEL_NAMES), min_size=1, max_size=4)), n),
        "g": rng.integers(0, groups, n).astype(str),
        "h": rng.choice(["p", "q", "r"], n),
    })
    frame["y2"] = frame["y"] if draw(st.booleans()) else frame["x"] * 2 + 1  # sometimes an exact fit
    for column in draw(st.lists(st.sampled_from(["y", "x", "f", "g"]), max_size=2)):
        frame.loc[rng.random(n) < 0.2, column] = np.nan
    return frame


@fuzz(250)
@given(formulas(), frames(), st.booleans())
def test_fits_are_results_or_notation_errors(text: str, frame: pd.DataFrame, reml: bool) -> None:
    spec = _parse_or_error(text)
    if spec is None:
        return
    try:
        result = notation.fit(spec, frame, reml=reml)
    except NotationError as exc:
        event(f"fit: {type(exc).__name__}")
        return
    event("fit: result" + (" with warnings" if result.warnings else ""))
    numbers = [result.criterion, result.sigma, *result.fixef, *result.se, *result.theta]
    if not all(math.isfinite(v) for v in numbers):
        assert result.warnings, f"non-finite estimate without a warning: {text}"
    result.to_dict()  # the JSON too: Satterthwaite's derivatives included
