"""lme4's names for variables and factor expressions, as the IR gives them."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.ir import (
    categorical,
    categorical_column,
    expression_name,
    is_syntactic,
    level_label,
    variable_name,
)

x, a, b = sp.symbols("x a b")


@pytest.mark.parametrize(("name", "syntactic"), [
    ("x", True), ("sch.id", True), (".x", True), ("my_var", True), ("x1", True),
    ("my var", False), ("1x", False), (".1x", False), ("_x", False), ("TRUE", False), ("in", False),
])
def test_is_syntactic_follows_r(name: str, syntactic: bool) -> None:
    assert is_syntactic(name) is syntactic


@pytest.mark.parametrize(("name", "written"), [("x", "x"), ("my var", "`my var`"), ("a`b", "`a\\`b`")])
def test_variable_name_quotes_what_r_would(name: str, written: str) -> None:
    assert variable_name(name) == written


@pytest.mark.parametrize(("expression", "name"), [
    (x, "x"),
    (x**2, "I(x^2)"),
    (sp.log(x), "log(x)"),
    (sp.sqrt(x), "sqrt(x)"),
    (sp.exp(x), "exp(x)"),
    (sp.Abs(x), "abs(x)"),
    (1 / x, "I(1/x)"),
    ((a + b) ** 2, "I((a + b)^2)"),
    (sp.Symbol("my var") ** 2, "I(`my var`^2)"),
    (categorical("year"), "factor(year)"),
    (categorical("my var"), "factor(`my var`)"),
])
def test_expression_name(expression: sp.Expr, name: str) -> None:
    assert expression_name(expression) == name


@pytest.mark.parametrize(("expression", "column"), [
    (categorical("wave"), "wave"),
    (x, None),
    (sp.log(x), None),
    (sp.Function("f")(x), None),  # another undefined function is not a factor
])
def test_categorical_column(expression: sp.Expr, column: str | None) -> None:
    assert categorical_column(expression) == column


def test_categorical_compares_by_column() -> None:
    assert categorical("wave") == categorical("wave") != categorical("year")
    assert categorical("wave").free_symbols == {sp.Symbol("wave")}


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (True, "TRUE"), (False, "FALSE"), (1.0, "1"), (2.5, "2.5"), (7, "7"), ("b", "b"),
        (float("nan"), "nan"),
    ],
)
def test_level_labels_as_r_prints_them(value: object, label: str) -> None:
    assert level_label(value) == label


def test_numpy_scalars_get_the_same_labels() -> None:
    import numpy as np

    assert [level_label(v) for v in (np.True_, np.float64(2.0), np.float32(3.0), np.int64(10))] == [
        "TRUE", "2", "3", "10"]
