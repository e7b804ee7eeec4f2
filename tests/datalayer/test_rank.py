"""R's rank rule from the rows and from the centred Gram matrix (the out-of-core engines) agree."""

from __future__ import annotations

import numpy as np
import pytest

from notation.data.rank import independent_columns, independent_columns_gram

RNG = np.random.default_rng(3)
N = 200
X1, X2, X3 = RNG.normal(size=(3, N))
ONES = np.ones(N)
F = (RNG.integers(0, 3, N)[:, None] == np.arange(3)).astype(float)
MATRICES = {
    "independent": np.column_stack([ONES, X1, X2, X3]),
    "a multiple": np.column_stack([ONES, X1, 2 * X1, X2]),
    "a sum": np.column_stack([ONES, X1, X2, X1 + X2, X3]),
    "indicators summing to the intercept": np.column_stack([ONES, F, X1]),
    "a constant column": np.column_stack([ONES, X1, 5 * ONES]),
    "a large offset": np.column_stack([ONES, 1e7 + X1, X2]),
    "nearly collinear, kept": np.column_stack([ONES, X1, X1 + 1e-4 * X2]),
    "no intercept": np.column_stack([X1, X2, X1 - X2]),
}


@pytest.mark.parametrize("name", sorted(MATRICES))
def test_gram_rule_keeps_what_the_row_rule_keeps(name: str) -> None:
    X = MATRICES[name]
    norms = np.sqrt((X**2).sum(axis=0))
    if np.all(X[:, 0] == 1.0):  # the engines' Gram: intercept projected out of the other columns
        centred = X - X.mean(axis=0)
        gram = centred.T @ centred
        gram[0, :] = gram[:, 0] = 0.0
        gram[0, 0] = N
    else:
        gram = X.T @ X
    assert independent_columns_gram(gram, norms) == independent_columns(X)
