"""Model's derived views of its columns: which data columns group, which are read at all."""

from __future__ import annotations

import pytest

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
