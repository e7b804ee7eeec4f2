"""Model's derived views of its columns: which data columns group, which are read at all."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.ir import pointer_free
from notation.parse import parse_formula


@pytest.mark.parametrize(("formula", "grouping", "variables"), [
    ("y ~ x", set(), {"y", "x"}),
    ("y ~ x + (x | g)", {"g"}, {"y", "x", "g"}),
    ("y ~ 1 + (1 | batch/cask)", {"batch", "cask"}, {"y", "batch", "cask"}),
    ("y ~ log(z) + (1 | a) + (0 + w | b:c)", {"a", "b", "c"}, {"y", "z", "w", "a", "b", "c"}),
])
def test_grouping_columns_and_variables(formula: str, grouping: set[str], variables: set[str]) -> None:
    model = parse_formula(formula)
    assert model.grouping_columns == grouping
    assert model.variables == variables


@pytest.mark.parametrize(("name", "coefficient"), [
    ("beta_0j[i]", "beta_0j"),
    ("beta_0j", "beta_0j"),
    ("u_0j[i]", "u_0j"),
    ("alpha_s[i]", "alpha_s"),
])
def test_pointer_free_names_the_coefficient(name: str, coefficient: str) -> None:
    assert pointer_free(sp.Symbol(name)) == sp.Symbol(coefficient)


def test_pointer_free_leaves_other_expressions() -> None:
    x = sp.Symbol("x")
    assert pointer_free(x**2) == x**2
