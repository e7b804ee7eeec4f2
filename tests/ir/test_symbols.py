"""ir.symbols: the anatomy of a name and the one scheme every stage names ψ's entries by."""

from __future__ import annotations

import pytest
import sympy as sp

from notation.forms import render_latex
from notation.ir import Name
from notation.ir.symbols import bracketed, covariance_matrix, effect_label, grouping_marks, pointer_free


@pytest.mark.parametrize(("text", "base", "subscript", "pointer"), [
    ("beta_0j[i]", "beta", "0j", "i"),
    ("beta_0j", "beta", "0j", ""),
    ("prior_score_ij", "prior_score", "ij", ""),
    ("mu", "mu", "", ""),
    ("alpha_c[i]", "alpha", "c", "i"),
    ("gamma_1,10", "gamma", "1,10", ""),
])
def test_anatomy_round_trips(text: str, base: str, subscript: str, pointer: str) -> None:
    name = Name.of(text)
    assert (name.base, name.subscript, name.pointer) == (base, subscript, pointer)
    assert name.text == text


@pytest.mark.parametrize(("subscript", "indices", "parts"), [
    ("0jk", "ijk", ("0", "jk")), ("ij", "ij", ("", "ij")), ("alpha", "ij", ("alpha", "")),
    ("1ij", "ij", ("1", "ij")),
])
def test_label_and_indices(subscript: str, indices: str, parts: tuple[str, str]) -> None:
    assert Name("x", subscript).split(indices) == parts


@pytest.mark.parametrize(("name", "expected"), [
    ("Y_ij", "Y_i"), ("beta_0j", "beta_0j[i]"), ("alpha_j", "alpha_j[i]"), ("gamma_00", "gamma_00"),
    ("mu_alpha", "mu_alpha"), ("mu", "mu"), ("Y_ijk", "Y_i"), ("u_0j[i]", "u_0j[i]"),
])
def test_gelman_hill_brackets(name: str, expected: str) -> None:
    assert bracketed(Name.of(name), "i", "jk").text == expected


def test_pointer_free_keeps_other_expressions() -> None:
    assert pointer_free(sp.Symbol("u_0j[i]")) == sp.Symbol("u_0j")
    assert pointer_free(sp.Symbol("u_0j")) == sp.Symbol("u_0j")
    assert pointer_free(sp.Symbol("x") + 1) == sp.Symbol("x") + 1


@pytest.mark.parametrize(("effect", "label"), [
    ("u_1j", "1"), ("u_10k", "10"), ("v_0k[i]", "0"), ("r_0jk", "0"),
])
def test_effect_labels(effect: str, label: str) -> None:
    assert effect_label(sp.Symbol(effect)) == label


@pytest.mark.parametrize(("bases", "letters", "marks"), [
    ([{"u"}, {"v"}], ["j", "k"], ["", "v"]),  # derived crossed equations: u_0j[i], v_0k[i]
    ([{"b"}, {"b"}], ["j", "k"], ["", "k"]),  # beta style: one letter, the index tells them apart
    ([{"u"}, {"u"}, {"w"}], ["j", "k", "l"], ["", "k", "w"]),
    ([{"u"}], ["j"], [""]),
])
def test_grouping_marks(bases: list[set[str]], letters: list[str], marks: list[str]) -> None:
    assert grouping_marks(bases, letters) == marks


@pytest.mark.parametrize(("labels", "mark", "entries"), [
    (["0"], "", [["tau_00"]]),
    (["0", "1"], "", [["tau_00", "tau_10"], ["tau_10", "tau_11"]]),
    (["00"], "", [["tau_00"]]),
    (["00", "10"], "r", [["tau_r00,00", "tau_r10,00"], ["tau_r10,00", "tau_r10,10"]]),
    (["0"], "v", [["tau_v00"]]),
])
def test_covariance_entries(labels: list[str], mark: str, entries: list[list[str]]) -> None:
    assert covariance_matrix(labels, mark) == sp.Matrix([[sp.Symbol(e) for e in row] for row in entries])


@pytest.mark.parametrize("spec", [
    "y ~ x + (1 | g) + (1 | h)",
    "y_i = beta_0 + beta_1*x_i + u_0j[i] + v_0k[i] + e_i\nj: g\nk: h",
    "y_i = beta_0 + beta_1*x_i + u_0j[i] + v_0k[i] + e_i\nu_0j ~ N(0, tau_00)\nv_0k ~ N(0, tau_v00)\n"
    "e_i ~ N(0, sigma^2)\nj: g\nk: h",
])
def test_one_scheme_whichever_route(spec: str) -> None:
    """The second grouping's variance has one name whether the toolkit or the parser chose it."""
    shown = render_latex(_spec(spec), form="distribution")
    assert r"\tau_{v00}" in shown and r"\tau_{00}" in shown


def _spec(text: str) -> object:
    from notation.parse import parse_spec

    return parse_spec(text)
