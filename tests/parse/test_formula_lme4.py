"""lme4's own formulas, read as lme4 1.1-31 reads them (the referee's answers are in
``tests/data/formulas/lme4_formulas.json``, made by ``tools/lme4_formulas.R`` from
``tools/lme4_formulas.txt``: formulas of lme4's man pages, tests and vignettes, and of common tutorials).

For each formula: the fixed terms (``terms(nobars(f))``: labels in R's order, intercept, response,
offsets as R deparses them) and the random terms (``findbars(f)``, one block per bar, duplicates
kept) must be lme4's. Where lme4 built the model matrix from numeric columns, its column names must
be ours too.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from notation.errors import NotationError
from notation.ir import Model, code_terms
from notation.parse.formula import parse_formula

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "data" / "formulas" / "lme4_formulas.json").read_text(encoding="utf-8"))
READ = [c for c in CASES if "bars" in c and ("terms" in c or "nobars" in c)]
# formulas whose model matrix needs the data evaluated as R does, and which notation does not yet build
# without data: factor() and cut() give one column per level
_MATRIX_FUNCTIONS = ("factor(", "cut(")


def _fixed_labels(model: Model) -> list[str]:
    return [t.label for t in sorted(model.fixed, key=lambda t: t.order)]


def _block_keys(model: Model) -> Counter[tuple[object, ...]]:
    return Counter((b.intercept, frozenset(t.label for t in b.terms), frozenset(b.grouping), b.structure)
                   for b in model.random)


def _lme4_blocks(bars: list[str]) -> Counter[tuple[object, ...]]:
    keys: Counter[tuple[object, ...]] = Counter()
    for bar in bars:
        keys.update(_block_keys(parse_formula(f"y ~ ({bar})")))
    return keys


def _reads_as_lme4(case: dict[str, Any]) -> list[str]:
    """What differs from lme4's reading (empty: none)."""
    try:
        model = parse_formula(case["formula"])
    except NotationError as error:
        return [f"error: {error.message}"]
    differences = []
    if "terms" in case:
        if _fixed_labels(model) != case["terms"]:
            differences.append(f"terms {_fixed_labels(model)} != {case['terms']}")
        if model.intercept != case["intercept"]:
            differences.append(f"intercept {model.intercept} != {case['intercept']}")
        # R deparses a bare name without backquotes
        response = model.response.name if isinstance(model.response, sp.Symbol) else model.response_name
        if response != case["response"]:
            differences.append(f"response {response!r} != {case['response']!r}")
        if list(model.offset_labels) != case["offsets"]:
            differences.append(f"offsets {model.offset_labels} != {case['offsets']}")
    else:  # nobars left only the response: lme4 fits an intercept
        if model.fixed or not model.intercept:
            differences.append("fixed part is not the intercept alone")
    if _block_keys(model) != _lme4_blocks(case["bars"]):
        differences.append(f"random {[repr(b) for b in model.random]} != {case['bars']}")
    return differences


@pytest.mark.parametrize("case", READ, ids=[c["formula"] for c in READ])
def test_lme4_formula_reads_as_lme4_reads_it(case: dict[str, Any]) -> None:
    assert _reads_as_lme4(case) == []


def _numeric_fixed_part(case: dict[str, Any]) -> bool:
    """Whether the referee's fixed columns were all numeric (its grouping variables were factors)."""
    model = parse_formula(case["formula"])
    grouping = {c for b in model.random for c in b.grouping}
    return not any(f in case["formula"] for f in _MATRIX_FUNCTIONS) and not (
        grouping & {v for t in model.fixed for v in t.variables})


NAMED = [c for c in READ if "X" in c and "terms" in c and _numeric_fixed_part(c)]


@pytest.mark.parametrize("case", NAMED, ids=[c["formula"] for c in NAMED])
def test_fixed_columns_are_named_as_lme4_names_them(case: dict[str, Any]) -> None:
    # the referee's data are numeric except the grouping factors, so no term is coded by contrasts
    model = parse_formula(case["formula"])
    coded = code_terms(model.intercept, model.fixed, lambda factor: None)
    names = (["(Intercept)"] if model.intercept else []) + [c.name for t in coded for c in t.columns]
    assert names == case["X"]


def test_the_referee_table_is_lme4s_own_and_large() -> None:
    assert len(READ) >= 100
    share = sum(not _reads_as_lme4(c) for c in READ) / len(READ)
    assert share == 1.0, f"{share:.0%} of lme4's formulas read as lme4 reads them"
