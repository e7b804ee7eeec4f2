"""A random term written twice is two variance components (lme4 keeps both): forms that would name
their effects alike refuse it instead of writing equations that read back as one term; the formula
keeps both."""

from __future__ import annotations

import pytest

from notation.derive.multilevel import multilevel
from notation.errors import SpecMeaningError
from notation.parse.formula import parse_formula
from notation.render.formula import format_formula


@pytest.mark.parametrize("formula", ["y ~ x + (1 | g) + (1 | g)", "y ~ x + (1 | p) + (1 | p) + (1 | s)"])
def test_level_equations_refuse_a_repeated_term(formula: str) -> None:
    model = parse_formula(formula)
    assert format_formula(model).count("(1 | ") == formula.count("(1 | ")
    with pytest.raises(SpecMeaningError, match="written twice"):
        multilevel(model)
