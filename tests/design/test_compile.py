"""compile_design: lme4's column names and coding, level order, grouping interactions, missing rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from notation.design import compile_design
from notation.parse.formula import parse_formula

FRAME = pd.DataFrame({
    "y": [1.0, 2.5, 3.1, 4.7, 5.2, 6.9, 7.1, 8.4, 9.9, 10.2, 11.5, 12.1],
    "x": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0],
    "z": [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0],
    "f": ["b", "a", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"],
    "flag": [True, False] * 6,
    "g": [10, 2, 10, 2, 33, 33, 10, 2, 33, 10, 2, 33],
    "h": ["u", "v"] * 6,
})


@pytest.mark.parametrize(("formula", "names"), [
    ("y ~ x + (1 | g)", ("(Intercept)", "x")),
    ("y ~ f + (1 | g)", ("(Intercept)", "fb", "fc")),
    ("y ~ 0 + f + (1 | g)", ("fa", "fb", "fc")),
    ("y ~ f * x + (1 | g)", ("(Intercept)", "fb", "fc", "x", "fb:x", "fc:x")),
    ("y ~ x + f:x + (1 | g)", ("(Intercept)", "x", "x:fb", "x:fc")),  # as R: x appears first
    ("y ~ x:f + (1 | g)", ("(Intercept)", "x:fa", "x:fb", "x:fc")),
    ("y ~ flag + (1 | g)", ("(Intercept)", "flagTRUE")),
    ("y ~ I(x^2) + log(z) + (1 | g)", ("(Intercept)", "I(x^2)", "log(z)")),
    # without intercept only the first factor spans it (R's model.matrix); h used to get hu and hv too
    ("y ~ 0 + f * h + x + (1 | g)", ("fa", "fb", "fc", "hv", "x", "fb:hv", "fc:hv")),
    ("y ~ 0 + x + f + h + (1 | g)", ("x", "fa", "fb", "fc", "hv")),
    ("y ~ 0 + x:f + h + (1 | g)", ("hu", "hv", "x:fa", "x:fb", "x:fc")),
    ("y ~ 0 + f:h + (1 | g)", ("fa:hu", "fb:hu", "fc:hu", "fa:hv", "fb:hv", "fc:hv")),
])
def test_fixed_columns_are_named_as_lme4(formula: str, names: tuple[str, ...]) -> None:
    assert compile_design(parse_formula(formula), FRAME).fixed_names == names


def test_transformed_columns_are_evaluated() -> None:
    design = compile_design(parse_formula("y ~ I(x^2) + log(z) + (1 | g)"), FRAME)
    assert np.allclose(design.rows.X[:, 1], FRAME.x**2)
    assert np.allclose(design.rows.X[:, 2], np.log(FRAME.z))


@pytest.mark.parametrize(("formula", "names"), [
    ("y ~ 1 + (1 | g)", ("(Intercept)",)),
    ("y ~ x + (x | g)", ("(Intercept)", "x")),
    ("y ~ 1 + (0 + f | g)", ("fa", "fb", "fc")),
    ("y ~ 1 + (f | g)", ("(Intercept)", "fb", "fc")),
    ("y ~ 1 + (0 + f + h | h)", ("fa", "fb", "fc", "hv")),
])
def test_random_columns_are_named_as_lme4(formula: str, names: tuple[str, ...]) -> None:
    assert compile_design(parse_formula(formula), FRAME).terms[0].names == names


def test_numeric_grouping_levels_sort_numerically() -> None:
    term = compile_design(parse_formula("y ~ 1 + (1 | g)"), FRAME).terms[0]
    assert term.levels == ("2", "10", "33")


def test_grouping_interaction_levels_first_factor_slowest() -> None:
    term = compile_design(parse_formula("y ~ 1 + (1 | h:g)"), FRAME).terms[0]
    assert term.grouping == "h:g"
    assert term.levels == ("u:2", "u:10", "u:33", "v:2", "v:10", "v:33")


def test_categorical_keeps_its_order() -> None:
    frame = FRAME.assign(f=pd.Categorical(FRAME.f, categories=["c", "b", "a"]))
    assert compile_design(parse_formula("y ~ f + (1 | g)"), frame).fixed_names == ("(Intercept)", "fb", "fa")


@pytest.mark.parametrize(("random", "order"), [
    ("(1 | h) + (1 | g)", ["g", "h"]),
    ("(1 | g) + (1 | h)", ["g", "h"]),
    # lme4's rev(order(nl)): when it reorders, terms with equal numbers of levels come out reversed
    ("(1 | h) + (1 | g) + (1 | f)", ["f", "g", "h"]),
    ("(1 | f) + (1 | h) + (1 | g)", ["g", "f", "h"]),  # f and g tie at 3 levels: reversed
    ("(1 | g) + (1 | f) + (1 | h)", ["g", "f", "h"]),  # already non-increasing: kept
])
def test_terms_ordered_as_lme4(random: str, order: list[str]) -> None:
    design = compile_design(parse_formula(f"y ~ 1 + {random}"), FRAME)
    assert [t.grouping for t in design.terms] == order


def test_rows_with_missing_values_are_dropped_and_counted() -> None:
    frame = FRAME.copy()
    frame.loc[[1, 4], "x"] = np.nan
    frame.loc[7, "z"] = np.nan  # z is not in the model: row 7 stays
    design = compile_design(parse_formula("y ~ x + (1 | g)"), frame)
    assert design.nobs == 10
    assert list(design.rows.index) == [0, 2, 3, 5, 6, 7, 8, 9, 10, 11]
    assert design.messages == ("dropped 2 row(s) with missing values",)


def test_collinear_column_is_dropped_with_lme4_message() -> None:
    frame = FRAME.assign(x2=2 * FRAME.x)
    design = compile_design(parse_formula("y ~ x + x2 + z + (1 | g)"), frame)
    assert design.fixed_names == ("(Intercept)", "x", "z")
    assert "fixed-effect model matrix is rank deficient so dropping 1 column / coefficient" in design.messages


def test_gram_blocks_match_dense_products() -> None:
    design = compile_design(parse_formula("y ~ x + (x | g) + (1 | h)"), FRAME)
    Z1 = design.rows.terms[0].matrix().toarray()
    Z2 = design.rows.terms[1].matrix().toarray()
    scaling = design.statistics.scaling  # the blocks are of centred, scaled [X y]
    tail = np.column_stack([scaling.columns(design.rows.X), scaling.response(design.rows.X, design.rows.y)])
    gram = design.statistics.gram
    q = design.terms[0].q
    blocks = (Z1.T @ Z1).reshape(3, q, 3, q)
    assert np.allclose(gram.first, np.einsum("jajb->abj", blocks))
    assert np.allclose(blocks[0, :, 1], 0)  # levels do not mix: block-diagonal
    assert np.allclose(gram.rest_first.toarray(), Z2.T @ Z1)
    rest = np.column_stack([Z2, tail])
    assert np.allclose(gram.rest, rest.T @ rest)
    assert np.allclose(gram.later.toarray(), Z2.T @ Z2)
    assert np.allclose(gram.later_tail, Z2.T @ tail)
    assert np.allclose(gram.tail, tail.T @ tail)
    assert np.allclose(gram.first_tail, (Z1.T @ tail).reshape(3, q, -1).transpose(1, 2, 0))


@pytest.mark.parametrize(("factor", "warned"), [(1.0, False), (1e4, True), (1e-4, True)])
def test_scale_warning_as_lme4(factor: float, warned: bool) -> None:
    design = compile_design(parse_formula("y ~ x + z + (1 | g)"), FRAME.assign(z=FRAME.z * factor))
    message = "Some predictor variables are on very different scales: consider rescaling"
    assert (message in design.messages) == warned
