"""Double subscripts → Gelman–Hill brackets (seed 001 §3.3)."""

from __future__ import annotations

import sympy as sp
from seed_models import seed001_slope

from notation.derive import bracket_system
from notation.parse import parse_equations


def test_seed001_level_one_equation() -> None:
    system = seed001_slope().system
    level1 = bracket_system(system).at_level(1)[0]
    S = sp.Symbol
    assert level1.lhs == S("Y_i")
    expected = S("beta_0j[i]") + S("beta_1j[i]") * S("R_i") + S("beta_2") * S("X_i") + S("epsilon_i")
    assert level1.rhs == expected
    assert bracket_system(system).at_level(2) == system.at_level(2)


def test_a_name_holding_an_underscore_is_bracketed_by_its_subscript() -> None:
    """``\\text{prior_score}_{ij}`` is prior_score at ij: in brackets prior_score_i, not left as written."""
    model = parse_equations("Y_{ij} = \\beta_{0j} + \\beta_1 \\text{prior_score}_{ij} + e_{ij}\n"
                            "\\beta_{0j} = \\gamma_{00} + u_{0j}")
    level1 = bracket_system(model.system).at_level(1)[0]
    assert sp.Symbol("prior_score_i") in level1.rhs.free_symbols
    assert sp.Symbol("prior_score_ij") not in level1.rhs.free_symbols
