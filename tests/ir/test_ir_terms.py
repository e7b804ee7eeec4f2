"""The IR's terms, random blocks and models: equality by meaning, labels, validation."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.ir import Model, RandomBlock, Term

x, z = sp.symbols("x z")


@pytest.mark.parametrize(("left", "right", "equal"), [
    (Term.of("R", "Z"), Term.of("Z", "R"), True),
    (Term.of("R", "R"), Term.of("R"), True),
    (Term.of("R"), Term.of("R", "Z"), False),
    (Term((x**2,)), Term.of(x**2), True),
    (Term((x**2,)), Term.of("x"), False),
    (RandomBlock(True, (Term.of("x"),), ("a", "b")), RandomBlock(True, (Term.of("x"),), ("b", "a")), True),
    (RandomBlock(True, (), ("g",)), RandomBlock(False, (Term.of("x"),), ("g",)), False),
    (RandomBlock(True, (Term.of("x"), Term.of("z")), ("g",)),
     RandomBlock(True, (Term.of("z"), Term.of("x")), ("g",)), True),
])
def test_equality_follows_meaning_not_spelling(left: object, right: object, equal: bool) -> None:
    assert (left == right) is equal
    if equal:
        assert hash(left) == hash(right)


@pytest.mark.parametrize(("term", "label", "order"), [
    (Term.of("R", "Z"), "R:Z", 2),
    (Term.of("Z", "R"), "Z:R", 2),
    (Term((x**2,)), "I(x^2)", 1),
    (Term((sp.log(x), z)), "log(x):z", 2),
    (Term.of("my var"), "`my var`", 1),
])
def test_term_label_and_order(term: Term, label: str, order: int) -> None:
    assert (term.label, term.order) == (label, order)


def test_term_needs_a_factor() -> None:
    with pytest.raises(ValueError, match="at least one factor"):
        Term(())


@pytest.mark.parametrize(("intercept", "terms", "grouping", "message"), [
    (True, (), (), "grouping factor"),
    (False, (), ("g",), "at least one column"),
])
def test_random_block_validates(intercept: bool, terms: tuple[Term, ...], grouping: tuple[str, ...],
                                message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RandomBlock(intercept, terms, grouping)


def test_random_block_labels() -> None:
    block = RandomBlock(True, (Term.of("Days"),), ("batch", "cask"))
    assert block.column_labels == ("(Intercept)", "Days")
    assert block.group_label == "batch:cask"
    assert block.variables == frozenset({"Days"})


def test_model_compares_terms_and_blocks_as_sets() -> None:
    y = sp.Symbol("y")
    g, h = RandomBlock(True, (), ("g",)), RandomBlock(True, (), ("h",))
    a = Model(y, fixed=(Term.of("x"), Term.of("z")), random=(g, h))
    b = Model(y, fixed=(Term.of("z"), Term.of("x"), Term.of("x")), random=(h, g))
    assert a == b
    assert b.fixed == (Term.of("z"), Term.of("x"))
    assert a != Model(y, intercept=False, fixed=a.fixed, random=a.random)
    assert a != Model(y, fixed=a.fixed, random=a.random, offsets=(x,))


def test_model_summaries() -> None:
    model = Model(sp.log(sp.Symbol("y")), fixed=(Term.of("x"), Term.of("x", "z")),
                  random=(RandomBlock(True, (Term.of("x"),), ("g",)), RandomBlock(True, (), ("g",)),
                          RandomBlock(True, (), ("a", "b"))),
                  offsets=(sp.log(sp.Symbol("n")),))
    assert model.fixed_labels == ("(Intercept)", "x", "x:z")
    assert model.groupings == (("g",), ("a", "b"))
    assert model.variables == frozenset({"y", "x", "z", "g", "a", "b", "n"})
    assert model.response_name == "log(y)"
