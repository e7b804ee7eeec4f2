"""Formula → level equations → formula: levels declared or inferred from data, three levels, crossed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from notation.data import data_schema
from notation.derive import multilevel
from notation.errors import SpecMeaningError
from notation.parse.equations import parse_equations
from notation.parse.formula import parse_formula
from notation.render.equations import format_equations

DATA = Path(__file__).resolve().parent.parent / "data" / "equations"


@pytest.fixture(scope="module")
def schools() -> pd.DataFrame:
    return pd.read_csv(DATA / "schools.csv")


@pytest.fixture(scope="module")
def subjects() -> pd.DataFrame:
    return pd.read_csv(DATA / "subjects.csv")


def round_trip(formula: str, data: pd.DataFrame | None = None, **options: object) -> tuple[str, object]:
    model = parse_formula(formula)
    schema = data_schema(model, data) if data is not None else None
    text = format_equations(multilevel(model, schema, **options))  # type: ignore[arg-type]
    return text, parse_equations(text).model == model


@pytest.mark.parametrize("formula", [
    "Y ~ R*Z + X + S + (R | school)",
    "Y ~ R + Z + (1 | school)",
    "Y ~ Z + (R || school)",
    "Y ~ 0 + R + Z + (1 + R | school)",
])
def test_school_level_treatment_is_inferred_from_data(formula: str, schools: pd.DataFrame) -> None:
    text, same = round_trip(formula, data=schools)
    assert same, text
    assert "gamma_01*Z_j" in text  # Z is constant within schools: a level-2 predictor


def test_cross_level_interaction_lands_in_the_slope_equation(schools: pd.DataFrame) -> None:
    text, _ = round_trip("Y ~ R*Z + X + S + (R | school)", data=schools)
    assert text.splitlines()[:3] == [
        "Y_ij = beta_0j + beta_1j*R_ij + beta_2*X_ij + e_ij",
        "beta_0j = gamma_00 + gamma_01*Z_j + gamma_02*S_j + u_0j",
        "beta_1j = gamma_10 + gamma_11*Z_j + u_1j",
    ]
    assert "j: school" in text.splitlines()


def test_subject_level_sex_is_inferred_from_data(subjects: pd.DataFrame) -> None:
    text, same = round_trip("reaction ~ day*sex + (day | subject)", data=subjects)
    assert same, text
    assert "sex_j" in text and "day_ij" in text


@pytest.mark.parametrize(("levels", "expected"), [
    ({"Z": "j"}, "Z_j"), ({"Z": "school"}, "Z_j"), ({}, "Z_ij"),
])
def test_declared_levels(levels: dict[str, str], expected: str) -> None:
    text, same = round_trip("Y ~ R*Z + (R | school)", levels=levels)
    assert same and expected in text


@pytest.mark.parametrize(("formula", "style", "first_line"), [
    ("Y ~ x + (1 | k) + (1 | k:j)", "double", "Y_ijk = pi_0jk + pi_1*x_ijk + e_ijk"),
    ("Y ~ 1 + (1 | s) + (1 | d)", "double", "Y_i = beta_0 + u_0j[i] + v_0k[i] + e_i"),
    ("Y ~ R + (R | school)", "bracket", "Y_i = beta_0j[i] + beta_1j[i]*R_i + e_i"),
    ("Y ~ x + log(w) + I(x^2)", "double",
     "Y_i = beta_0 + beta_1*x_i + beta_2*log(w_i) + beta_3*x_i^2 + e_i"),
    ("Y ~ x + (1 | a:b)", "double", "Y_ij = beta_0j + beta_1*x_ij + e_ij"),
    ("Y ~ x + (x | s) + (1 | d)", "double",
     "Y_i = beta_0 + beta_1*x_i + u_0j[i] + u_1j[i]*x_i + v_0k[i] + e_i"),
])
def test_shapes_read_back(formula: str, style: str, first_line: str) -> None:
    text, same = round_trip(formula, style=style)
    assert same, text
    assert text.splitlines()[0] == first_line


def test_unknown_level_name_is_an_error() -> None:
    with pytest.raises(SpecMeaningError, match="no index or grouping"):
        multilevel(parse_formula("Y ~ Z + (1 | school)"), levels={"Z": "district"})
