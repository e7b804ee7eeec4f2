"""Writers against reference code written from each program's manual (SAS/STAT PROC MIXED, Stata [ME] mixed,
SPSS MIXED, MixedModels.jl, nlme, glmmTMB, Mplus User's Guide ch. 9): the code a careful user would type."""

from __future__ import annotations

import pytest

from notation.dialects import translate
from notation.parse import parse_formula

SLOPES = "Reaction ~ Days + (Days | Subject)"
UNCORRELATED = "Reaction ~ Days + (Days || Subject)"
NESTED = "strength ~ 1 + (1 | batch/cask)"
CROSSED = "diameter ~ 1 + (1 | plate) + (1 | sample)"

REFERENCE = [
    (
        "sas",
        SLOPES,
        True,
        """proc mixed data=d method=reml;
  class Subject;
  model Reaction = Days / solution;
  random intercept Days / subject=Subject type=un;
run;
""",
    ),
    (
        "sas",
        UNCORRELATED,
        False,
        """proc mixed data=d method=ml;
  class Subject;
  model Reaction = Days / solution;
  random intercept Days / subject=Subject type=vc;
run;
""",
    ),
    (
        "sas",
        CROSSED,
        True,
        """proc mixed data=d method=reml;
  class plate sample;
  model diameter = / solution;
  random intercept / subject=plate type=vc;
  random intercept / subject=sample type=vc;
run;
""",
    ),
    (
        "stata",
        SLOPES,
        True,
        "use d, clear\nmixed Reaction Days || Subject: Days, covariance(unstructured) reml\n",
    ),
    (
        "stata",
        UNCORRELATED,
        False,
        "use d, clear\nmixed Reaction Days || Subject: Days, covariance(independent) mle\n",
    ),
    (
        "stata",
        NESTED,
        True,
        "use d, clear\nmixed strength || batch:, covariance(independent) || cask:, "
        "covariance(independent) reml\n",
    ),
    (
        "stata",
        CROSSED,
        True,
        "use d, clear\nmixed diameter || _all: R.sample, covariance(identity) || plate:, "
        "covariance(independent) reml\n",
    ),
    (
        "spss",
        SLOPES,
        True,
        """DATASET ACTIVATE d.
MIXED Reaction WITH Days
  /FIXED=Days | SSTYPE(3)
  /METHOD=REML
  /PRINT=SOLUTION TESTCOV
  /RANDOM=INTERCEPT Days | SUBJECT(Subject) COVTYPE(UN).
""",
    ),
    (
        "spss",
        NESTED,
        False,
        """DATASET ACTIVATE d.
MIXED strength
  /FIXED=| SSTYPE(3)
  /METHOD=ML
  /PRINT=SOLUTION TESTCOV
  /RANDOM=INTERCEPT | SUBJECT(batch) COVTYPE(VC)
  /RANDOM=INTERCEPT | SUBJECT(cask*batch) COVTYPE(VC).
""",
    ),
    (
        "julia",
        SLOPES,
        True,
        "using DataFrames, MixedModels\nfit = MixedModels.fit(MixedModel, "
        "@formula(Reaction ~ 1 + Days + (1 + Days | Subject)), d; REML = true)\n",
    ),
    (
        "nlme",
        NESTED,
        True,
        "library(nlme)\nfit <- lme(fixed = strength ~ 1, random = list(batch = pdSymm(~ 1), "
        'cask = pdSymm(~ 1)), data = d, method = "REML")\n',
    ),
    (
        "glmmtmb",
        SLOPES,
        False,
        "library(glmmTMB)\nfit <- glmmTMB(Reaction ~ 1 + Days + us(1 + Days | Subject), "
        "data = d, family = gaussian(), REML = FALSE)\n",
    ),
]


@pytest.mark.parametrize(("program", "formula", "reml", "code"), REFERENCE)
def test_writer_matches_reference_code(program: str, formula: str, reml: bool, code: str) -> None:
    assert translate(parse_formula(formula), program, reml=reml).code == code
