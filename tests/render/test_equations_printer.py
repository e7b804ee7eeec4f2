"""The plain-text printer: what it writes for a parsed system, and that it reads back."""

from __future__ import annotations

from pathlib import Path

import pytest

from notation.derive import multilevel
from notation.parse.equations import parse_equations
from notation.render.equations import format_equations

DATA = Path(__file__).resolve().parent.parent / "data" / "equations"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("seed*.tex")))
def test_seed_systems_print_and_read_back(name: str) -> None:
    model = parse_equations((DATA / name).read_text(encoding="utf-8"))
    assert model.system is not None
    printed = format_equations(model.system)
    assert parse_equations(printed).model == model.model
    assert parse_equations(format_equations(multilevel(model))).model == model.model


@pytest.mark.parametrize(("text", "expected"), [
    ("Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j\nu_0j ~ N(0, tau_00)\nj: school",
     "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j\nu_0j ~ N(0, tau_00)\nj: school"),
    # a name that is not an identifier is set in \text{}; then the line is TeX and subscripts are braced
    (r"\text{prior_score}_{ij} = b_0 + u_{0j} + e_{ij}",
     r"\text{prior_score}_{ij} = b_{0} + u_{0j} + e_{ij}"),
    # terms and factors as the user wrote them, not SymPy's alphabetical order
    ("Y_ij = beta_0j + beta_1*X_ij + e_ij\nbeta_0j = gamma_00 + gamma_01*Z_j + u_0j",
     "Y_ij = beta_0j + beta_1*X_ij + e_ij\nbeta_0j = gamma_00 + gamma_01*Z_j + u_0j"),
    ("Y_ij = e_ij + X_ij*beta_1 + beta_0j\nbeta_0j = u_0j + gamma_00",
     "Y_ij = e_ij + X_ij*beta_1 + beta_0j\nbeta_0j = u_0j + gamma_00"),
    # a negative exponent in parentheses, so that the text reads back
    ("Y_ij = beta_0j + beta_1*X_ij^(-2) + e_ij\nbeta_0j = gamma_00 + u_0j",
     "Y_ij = beta_0j + beta_1*X_ij^(-2) + e_ij\nbeta_0j = gamma_00 + u_0j"),
])
def test_printed_text(text: str, expected: str) -> None:
    system = parse_equations(text).system
    assert format_equations(system).splitlines()[0] == expected.splitlines()[0]  # type: ignore[arg-type]
    assert format_equations(system).startswith(expected)  # type: ignore[arg-type]
    assert parse_equations(format_equations(system)).model == parse_equations(text).model  # type: ignore[arg-type]
