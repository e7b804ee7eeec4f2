"""Manual and tutorial examples of each program → the lme4 formula they mean, the method, the notes."""

from __future__ import annotations

import pytest

from notation.dialects import detect, read_code
from notation.errors import NotationError, SpecMeaningError
from notation.render.formula import format_formula

# (program, code, lme4 formula, REML?, a word every expected note contains — None: no notes)
EXAMPLES = [
    (
        "sas",
        """proc mixed data=pr method=ml covtest;
   class Person Gender;
   model y = Gender Age Gender*Age / s;
   random intercept Age / type=un sub=Person g;
run;""",
        "y ~ 1 + factor(Gender) + Age + factor(Gender):Age + (1 + Age | Person)",
        False,
        None,
    ),
    (
        "sas",
        """proc mixed data=pastes;
  class batch cask;
  model strength = ;
  random batch cask(batch);
run;""",
        "strength ~ 1 + (1 | batch) + (1 | batch:cask)",
        True,
        "default",
    ),
    (
        "sas",
        """/* random coefficients */
proc mixed data=rc method=reml;
  class Batch;
  model Y = Month / s;
  random int Month / subject=Batch;   * no TYPE=: VC;
run;""",
        "Y ~ 1 + Month + (1 | Batch) + (0 + Month | Batch)",
        True,
        "TYPE=VC",
    ),
    (
        "sas",
        "proc mixed data=d method=reml; class a b; model y = a|b; random intercept / subject=a; run;",
        "y ~ 1 + factor(a) + factor(b) + factor(a):factor(b) + (1 | a)",
        True,
        None,
    ),
    (
        "stata",
        "mixed weight week || id: week",
        "weight ~ 1 + week + (1 | id) + (0 + week | id)",
        False,
        "default",
    ),
    (
        "stata",
        "mixed weight week || id: week, covariance(unstructured) reml",
        "weight ~ 1 + week + (1 + week | id)",
        True,
        None,
    ),
    (
        "stata",
        "xtmixed gcse lrt || school: lrt, cov(un) mle",
        "gcse ~ 1 + lrt + (1 + lrt | school)",
        False,
        None,
    ),
    (
        "stata",
        "use productivity, clear\nmixed gsp private emp hwy water other unemp || region: || state:, reml",
        "gsp ~ 1 + private + emp + hwy + water + other + unemp + (1 | region) + (1 | region:state)",
        True,
        None,
    ),
    ("stata", "mixed y x || _all: R.a || b:, reml", "y ~ 1 + x + (1 | a) + (1 | b)", True, None),
    (
        "stata",
        "mixed y i.treat##c.time || id: time, nocons cov(ind) reml",
        "y ~ 1 + factor(treat) + time + factor(treat):time + (0 + time | id)",
        True,
        None,
    ),
    (
        "stata",
        "* a comment line\nmixed y x ///\n   || id:, reml  // the end",
        "y ~ 1 + x + (1 | id)",
        True,
        None,
    ),
    (
        "spss",
        """MIXED score BY school WITH ses
  /FIXED = ses
  /RANDOM = INTERCEPT ses | SUBJECT(school) COVTYPE(UN)
  /METHOD = ML
  /PRINT = SOLUTION.""",
        "score ~ 1 + ses + (1 + ses | school)",
        False,
        None,
    ),
    (
        "spss",
        """* Two-level model, SPSS defaults.
MIXED y WITH x
  /FIXED=x | SSTYPE(3)
  /RANDOM=INTERCEPT x | SUBJECT(id).""",
        "y ~ 1 + x + (1 | id) + (0 + x | id)",
        True,
        "default",
    ),
    (
        "spss",
        """MIXED y BY trt WITH x
  /FIXED=trt x trt*x | NOINT
  /METHOD=REML
  /RANDOM=INTERCEPT | SUBJECT(school) COVTYPE(VC)
  /RANDOM=INTERCEPT | SUBJECT(school*class) COVTYPE(VC).""",
        "y ~ 0 + factor(trt) + x + factor(trt):x + (1 | school) + (1 | school:class)",
        True,
        None,
    ),
    (
        "statsmodels",
        """import statsmodels.formula.api as smf
md = smf.mixedlm("Weight ~ Time", data, groups=data["Pig"])
mdf = md.fit()""",
        "Weight ~ 1 + Time + (1 | Pig)",
        True,
        "default",
    ),
    (
        "statsmodels",
        """md = smf.mixedlm("Weight ~ Time", data, groups=data["Pig"], re_formula="~Time")
mdf = md.fit(reml=False)""",
        "Weight ~ 1 + Time + (1 + Time | Pig)",
        False,
        None,
    ),
    (
        "statsmodels",
        """vcf = {"classroom": "0 + C(classroom)"}
model = sm.MixedLM.from_formula("y ~ C(sex) + Q('class')", data=df, groups="school", re_formula="1",
                                vc_formula=vcf)
result = model.fit(reml=True)""",
        "y ~ 1 + factor(sex) + class + (1 | school) + (1 | school:classroom)",
        True,
        None,
    ),
    (
        "nlme",
        "fm1 <- lme(distance ~ age, data = Orthodont, random = ~ age | Subject)",
        "distance ~ 1 + age + (1 + age | Subject)",
        True,
        "default",
    ),
    (
        "nlme",
        'lme(yield ~ nitro, data = Oats, random = ~ 1 | Block/Variety, method = "ML")',
        "yield ~ 1 + nitro + (1 | Block) + (1 | Variety:Block)",
        False,
        None,
    ),
    (
        "nlme",
        'lme(y ~ x, random = list(g = pdDiag(~ x)), data = d, method = "REML")',
        "y ~ 1 + x + (1 | g) + (0 + x | g)",
        True,
        None,
    ),
    (
        "glmmtmb",
        "m <- glmmTMB(count ~ mined + (1 | site), data = Salamanders)",
        "count ~ 1 + mined + (1 | site)",
        False,
        "default",
    ),
    (
        "glmmtmb",
        "glmmTMB(y ~ x + diag(1 + x | g), data = d, REML = TRUE)",
        "y ~ 1 + x + (1 | g) + (0 + x | g)",
        True,
        None,
    ),
    (
        "julia",
        "fm1 = fit(MixedModel, @formula(reaction ~ 1 + days + (1 + days | subj)), sleepstudy)",
        "reaction ~ 1 + days + (1 + days | subj)",
        False,
        "default",
    ),
    (
        "julia",
        "m = fit(MixedModel, @formula(y ~ 1 + a & b + zerocorr(1 + x | g) + (1 | g & h)), d; REML=true)",
        "y ~ 1 + a:b + (1 | g) + (0 + x | g) + (1 | g:h)",
        True,
        None,
    ),
    (
        "brms",
        "fit1 <- brm(count ~ zAge + (1 | patient), data = epilepsy, family = gaussian())",
        "count ~ 1 + zAge + (1 | patient)",
        None,
        "REML",
    ),
    (
        "lme4",
        "library(lme4)\nfm <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy, REML = FALSE)",
        "Reaction ~ 1 + Days + (1 + Days | Subject)",
        False,
        None,
    ),
]


@pytest.mark.parametrize(("program", "code", "formula", "reml", "note"), EXAMPLES)
def test_example_reads_as_lme4_formula(
    program: str, code: str, formula: str, reml: bool | None, note: str | None
) -> None:
    assert detect(code) == program
    reading = read_code(code)
    assert format_formula(reading.spec) == formula
    assert reading.reml is reml
    if note is None:
        assert reading.notes == ()
    else:
        assert reading.notes and all(note in n or "default" in n for n in reading.notes)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("proc mixed data=d; class g; model y = x; random intercept x / subject=g type=cs; run;", "TYPE=CS"),
        ("proc mixed data=d; class g; model y = x; repeated / subject=g type=ar(1); run;", "REPEATED"),
        ("proc mixed data=d; class g; model y = x; random int / subject=g group=sex; run;", "GROUP="),
        ("mixed y x || id: x z, covariance(exchangeable) reml", "exchangeable"),
        ("proc mixed data=d nobound; class g; model y = x; random int / subject=g; run;", "NOBOUND"),
    ("mixed y x || id:, residuals(ar 1) reml", "residuals"),
        ("mixed y x || id: i.f, reml", "factor variable"),
        ("MIXED y WITH x /FIXED=x /RANDOM=INTERCEPT x | SUBJECT(g) COVTYPE(CS).", "COVTYPE(CS)"),
        ("MIXED y WITH x /FIXED=x /REPEATED=t | SUBJECT(g) COVTYPE(AR1).", "REPEATED"),
        (
            'smf.mixedlm("y ~ x", d, groups="g", vc_formula={"a": "0 + C(a) + C(b)"}).fit()',
            "shares one variance",
        ),
        ("glmmTMB(y ~ x + (x || g), data = d)", "||"),
        ("glmmTMB(y ~ x + ar1(0 + t | g), data = d)", "ar1()"),
        ("lme(y ~ x, random = list(g = pdCompSymm(~ x)), data = d)", "pdCompSymm"),
        ("lmer(y ~ x + (1 | g), data = d, weights = w)", "weights"),
        (
            "VARIABLE: NAMES = y x g; CLUSTER = g;\nANALYSIS: TYPE = TWOLEVEL;\nMODEL: %WITHIN% y ON x;",
            "not declared WITHIN",
        ),
    ],
)
def test_what_lme4_cannot_hold_is_refused(code: str, message: str) -> None:
    with pytest.raises(NotationError) as info:
        read_code(code)
    assert message in info.value.message
    assert info.value.exit_status == 2


def test_errors_point_into_the_code() -> None:
    code = "library(nlme)\nfit <- lme(y ~ x,\n  random = ~ 1 | a + b, data = d)"
    with pytest.raises(SpecMeaningError) as info:
        read_code(code)
    assert info.value.line == 3


@pytest.mark.parametrize(
    "text", ["y ~ x + (1 | g)", "mixed ~ a/b + (1 | g)", "Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + u_0j"]
)
def test_formulas_and_equations_are_no_program(text: str) -> None:
    assert detect(text) is None
