"""The public functions that take rows (``notation.multilevel``, ``notation.matrix_form``): a DataFrame
is turned into the model's schema first, and the same call works again in the same session."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sympy as sp

import notation
from notation.data import data_schema
from notation.parse import parse_equations, parse_formula

SCHOOLS = Path(__file__).resolve().parent / "data" / "equations" / "schools.csv"


def test_multilevel_infers_levels_from_a_dataframe_twice() -> None:
    data = pd.read_csv(SCHOOLS)
    model = parse_formula("Y ~ R*Z + X + S + (R | school)")
    first = notation.multilevel(model, data=data)
    assert first == notation.multilevel(model, data=data_schema(model, data))
    assert "gamma_01*Z_j" in notation.format_equations(first)


def test_an_equation_spec_keeps_its_system_whatever_the_data() -> None:
    model = parse_equations("Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j")  # j names no column
    assert notation.multilevel(model, data=pd.read_csv(SCHOOLS)) == notation.multilevel(model)


def test_matrix_form_counts_from_a_dataframe() -> None:
    data = pd.read_csv(SCHOOLS)
    model = parse_formula("Y ~ R + (R | school)")
    form = notation.matrix_form(model, data)
    assert form.concrete and len(data) == form.N and form.p == 2
    assert notation.matrix_form(model).p == sp.Symbol("p", positive=True, integer=True)
