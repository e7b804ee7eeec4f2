"""The data schema without rows: the one categorical rule and R's model.matrix coding of terms."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.ir import (
    ColumnSchema,
    DataSchema,
    GroupingSchema,
    Model,
    RandomBlock,
    Term,
    categorical,
    code_terms,
    is_categorical,
)

LEVELS = {"recipe": ("A", "B", "C"), "trt": ("ctl", "drug"), "Sex": ("FALSE", "TRUE")}
SCHEMA = DataSchema(
    nrows=12,
    columns=(ColumnSchema("y", "numeric"), ColumnSchema("temp", "numeric"),
             ColumnSchema("recipe", "text", LEVELS["recipe"]), ColumnSchema("trt", "factor", LEVELS["trt"]),
             ColumnSchema("Sex", "logical", LEVELS["Sex"]), ColumnSchema("wave", "numeric", ("1", "2", "10")),
             ColumnSchema("g", "text", ("a", "b")), ColumnSchema("h", "numeric")),
    groupings=(GroupingSchema(("g", "h"), (3, 3, 3, 3), frozenset({"g", "h", "recipe"})),),
    dropped=("temp",),
)


def _names(intercept: bool, *terms: Term) -> list[str]:
    return list(SCHEMA.column_names(intercept, terms))


@pytest.mark.parametrize(("kind", "categorical_kind"), [
    ("numeric", False), ("date", False), ("datetime", False),
    ("text", True), ("factor", True), ("logical", True),
])
def test_one_rule_for_categorical_kinds(kind: str, categorical_kind: bool) -> None:
    assert is_categorical(kind) is categorical_kind  # type: ignore[arg-type]


def test_treatment_contrasts_and_lme4_names() -> None:
    assert _names(True, Term.of("recipe"), Term.of("temp")) == ["(Intercept)", "recipeB", "recipeC", "temp"]
    assert _names(True, Term.of("Sex")) == ["(Intercept)", "SexTRUE"]
    assert _names(True, Term((categorical("wave"),))) == ["(Intercept)", "factor(wave)2", "factor(wave)10"]


def test_without_intercept_only_the_first_factor_spans_it() -> None:
    assert _names(False, Term.of("recipe"), Term.of("trt")) == ["recipeA", "recipeB", "recipeC", "trtdrug"]
    assert _names(False, Term.of("temp"), Term.of("trt")) == ["temp", "trtctl", "trtdrug"]


def test_interactions_come_after_main_effects_with_the_first_factor_fastest() -> None:
    terms = (Term.of("recipe", "trt"), Term.of("recipe"), Term.of("trt"))
    assert _names(True, *terms) == ["(Intercept)", "recipeB", "recipeC", "trtdrug",
                                    "recipeB:trtdrug", "recipeC:trtdrug"]
    # the term without recipe (temp) is present: contrasts; absent: every level of recipe
    assert _names(True, Term.of("temp"), Term.of("recipe", "temp")) == [
        "(Intercept)", "temp", "recipeB:temp", "recipeC:temp"]
    assert _names(True, Term.of("recipe", "temp")) == [
        "(Intercept)", "recipeA:temp", "recipeB:temp", "recipeC:temp"]
    assert _names(True, Term.of("recipe", "trt")) == [
        "(Intercept)", "recipeA:trtctl", "recipeB:trtctl", "recipeC:trtctl",
        "recipeA:trtdrug", "recipeB:trtdrug", "recipeC:trtdrug"]


def test_coded_terms_say_which_factors_take_contrasts() -> None:
    levels = {sp.Symbol("recipe"): LEVELS["recipe"]}.get
    coded = code_terms(False, (Term.of("recipe"), Term.of("temp"), Term.of("recipe", "temp")), levels)
    assert [c.contrasts for c in coded] == [(), (), (sp.Symbol("recipe"),)]
    assert coded[2].columns[0].factors == ((sp.Symbol("recipe"), "B"), (sp.Symbol("temp"), None))


def test_levels_follow_the_kind_or_factor() -> None:
    assert SCHEMA.levels(sp.Symbol("recipe")) == LEVELS["recipe"]
    assert SCHEMA.levels(sp.Symbol("wave")) is None  # numeric unless inside factor()
    assert SCHEMA.levels(categorical("wave")) == ("1", "2", "10")
    assert SCHEMA.levels(sp.log(sp.Symbol("temp"))) is None


def test_fixed_names_leave_out_the_rank_deficient_columns() -> None:
    model = Model(sp.Symbol("y"), True, (Term.of("recipe"), Term.of("temp")),
                  (RandomBlock(True, (), ("g", "h")),))
    assert SCHEMA.fixed_names(model) == ("(Intercept)", "recipeB", "recipeC")


def test_a_grouping_is_found_in_either_order_with_its_sizes() -> None:
    grouping = SCHEMA.grouping(("h", "g"))
    assert (grouping.label, grouping.nlevels) == ("g:h", 4)
    with pytest.raises(KeyError):
        SCHEMA.grouping(("g",))


def test_indicators_are_numeric_and_inherit_constancy() -> None:
    shown = SCHEMA.with_indicators({"recipeB": "recipe", "trtdrug": "trt"})
    assert shown.column("recipeB").kind == "numeric" and shown.levels(sp.Symbol("recipeB")) is None
    assert "recipeB" in shown.grouping(("g", "h")).constant
    assert "trtdrug" not in shown.grouping(("g", "h")).constant
