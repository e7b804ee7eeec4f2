"""Bad equation systems raise a positioned NotationError with a hint; never a traceback."""

from __future__ import annotations

import pytest

from notation.errors import NotationError, SpecMeaningError, SpecSyntaxError
from notation.parse.equations import parse_equations

CASES = [
    ("coefficient defined twice", "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j\nbeta_0j = gamma_00",
     SpecMeaningError, 3, 1, "defined twice"),
    ("index never introduced", "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0k",
     SpecMeaningError, 2, 22, "index k is used but never introduced"),
    ("random intercept with the observation index", "Y_ij = beta_0j + beta_1*X_ij + u_0ij + e_ij",
     SpecMeaningError, 1, 32, "carries the observation index i"),
    ("random slope with the observation index", "Y_ij = beta_0j + u_1ij*X_ij + e_ij",
     SpecMeaningError, 1, 18, "carries the observation index i"),
    ("unknown LaTeX command", r"$$Y_{ij} = \beta_{0j} + \hat{u}_{0j} + e_{ij}$$",
     SpecSyntaxError, 1, 25, r"unknown LaTeX command \hat"),
    ("unknown LaTeX environment", r"$$\begin{foo} Y_{ij} = b + e_{ij}\end{foo}$$",
     SpecSyntaxError, 1, 3, "unknown LaTeX environment"),
    ("level-2 equation level 1 never uses", "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j\n"
     "beta_3j = gamma_30", SpecMeaningError, 3, 1, "level 1 (Y_ij) never uses it"),
    ("no level-1 equation", "u_0j ~ N(0, tau_00)", SpecMeaningError, 1, 1, "no level-1 equation"),
    ("response without indices", "Y = beta_0 + e", SpecMeaningError, 1, 1, "needs its indices"),
    ("index line for an unused index", "Y_ij = beta_0j + e_ij\nk: school", SpecMeaningError, 2, 1,
     "no group index k"),
    ("continuation without equation", "= gamma_00 + u_0j", SpecMeaningError, 1, 1, "continues an equation"),
    ("two operators", "Y_ij = beta_0j + + e_ij", SpecSyntaxError, 1, 18, "unexpected '+'"),
    ("unclosed parenthesis", "Y_ij = (beta_0j + e_ij", SpecSyntaxError, 1, 23, "ends too early"),
    ("unexpected character", "Y_ij = beta_0j + e_ij ?", SpecSyntaxError, 1, 23, "unexpected character"),
    ("random effect times a coefficient", "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00*u_0j",
     SpecMeaningError, 2, 20, "random effect u_0j is multiplied by coefficient gamma_00"),
    ("random effect times a coefficient in level 1", "Y_ij = gamma_00 + u_0j*gamma_01 + e_ij",
     SpecMeaningError, 1, 19, "random effect u_0j is multiplied by coefficient gamma_01"),
    ("group mean with a bar", r"$$Y_{ij} = \beta_{0j} + \beta_1 (X_{ij} - \bar{X}_{.j}) + e_{ij}$$",
     SpecSyntaxError, 1, 43, r"unknown LaTeX command \bar: an accented symbol"),
    ("intercept coefficient also a slope", "Y_ij = gamma_00 + gamma_00*X_ij + u_0j + e_ij",
     SpecMeaningError, 1, 19, "gamma_00 is the intercept and also multiplies X_ij"),
    ("random effect alone and as a slope", "Y_ij = gamma_00 + u_0j + u_0j*X_ij + e_ij",
     SpecMeaningError, 1, 26, "u_0j stands alone and also multiplies variables"),
]


@pytest.mark.parametrize(("text", "kind", "line", "column", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_error_names_what_and_where(text: str, kind: type[NotationError], line: int, column: int,
                                    message: str) -> None:
    with pytest.raises(kind) as info:
        parse_equations(text)
    error = info.value
    assert message in error.message
    assert (error.line, error.column) == (line, column)
    assert error.hint
    assert "^" in error.render()


def test_index_argument_for_an_unknown_index_is_an_error() -> None:
    with pytest.raises(SpecMeaningError, match="no group index k"):
        parse_equations("Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j", index={"k": "school"})
