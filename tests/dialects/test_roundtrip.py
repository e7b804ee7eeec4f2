"""translate → read → the same model, for every model × program; refusals name what is missing."""

from __future__ import annotations

import pytest

from notation.dialects import read_code, translate
from notation.errors import SpecMeaningError
from notation.parse import parse_formula
from tests.dialects.models import MODELS, REFUSED

CASES = [(program, name) for program in REFUSED for name in MODELS]


@pytest.mark.parametrize(("program", "name"), CASES)
@pytest.mark.parametrize("reml", [True, False])
def test_round_trip_or_refusal(program: str, name: str, reml: bool) -> None:
    model = parse_formula(MODELS[name])
    if name in REFUSED[program]:
        with pytest.raises(SpecMeaningError, match="cannot express"):
            translate(model, program, reml=reml)
        return
    translation = translate(model, program, reml=reml)
    assert translation.dialect == program
    reading = read_code(translation.code)  # detected from the code alone
    assert reading.program == program
    assert reading.model == model, translation.code
    if program == "brms":  # Bayesian: no method to read back, and the reader says so
        assert reading.reml is None and len(reading.notes) == 1
        return
    if program == "mplus":  # ML only: a REML request is written as ML, with a note saying so
        assert reading.reml is False
        assert reml or "ML only" not in " ".join(translation.notes)
        assert not reml or "ML only" in translation.notes[0]
        return
    assert reading.reml is reml
    assert reading.notes == (), "code written by a translation states every default it relies on"


@pytest.mark.parametrize("program", list(REFUSED))
def test_forced_program_reads_the_same(program: str) -> None:
    model = parse_formula(MODELS["correlated"])
    code = translate(model, program).code
    assert read_code(code, program=program).model == model


@pytest.mark.parametrize("program", list(REFUSED))
def test_data_name_is_used(program: str) -> None:
    code = translate(parse_formula(MODELS["intercept"]), program, data_name="sleep").code
    assert "sleep" in code
    assert " d," not in code and "data=d" not in code


@pytest.mark.parametrize(
    ("program", "words"),
    [
        ("lme4", ["REML = TRUE"]),
        ("glmmtmb", ["REML = TRUE", "us("]),
        ("nlme", ['method = "REML"', "pdSymm"]),
        ("statsmodels", ["reml=True", "re_formula="]),
        ("sas", ["method=reml", "type=un"]),
        ("stata", [" reml", "covariance(unstructured)"]),
        ("spss", ["/METHOD=REML", "COVTYPE(UN)"]),
        ("julia", ["REML = true"]),
        ("brms", ['algorithm = "sampling"']),
    ],
)
def test_method_and_covariance_are_written_out(program: str, words: list[str]) -> None:
    code = translate(parse_formula(MODELS["correlated"]), program).code
    for word in words:
        assert word in code


@pytest.mark.parametrize(
    ("program", "name", "missing"),
    [
        ("statsmodels", "crossed_slopes", "correlated random effects on the crossed factor a"),
        ("nlme", "crossed", "crossed grouping factors"),
        ("stata", "interaction_group", "recipe:replicate"),
        ("sas", "offset", "offsets"),
        ("spss", "expression", "I(x^2)"),
    ],
)
def test_refusal_names_what_is_missing(program: str, name: str, missing: str) -> None:
    with pytest.raises(SpecMeaningError) as info:
        translate(parse_formula(MODELS[name]), program)
    assert missing in info.value.message
