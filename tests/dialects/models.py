"""The models every dialect is tested on, and what each program must refuse of them.

``REFUSED[program]`` lists the models a program cannot express; every other model must round-trip
(translate → read → the same model). Listing refusals explicitly means a writer that starts refusing
(or stops refusing) a model fails a test instead of passing silently.
"""

MODELS = {
    "intercept": "Reaction ~ 1 + Days + (1 | Subject)",
    "correlated": "Reaction ~ 1 + Days + (1 + Days | Subject)",
    "uncorrelated": "Reaction ~ 1 + Days + (Days || Subject)",
    "nested": "strength ~ 1 + (1 | batch/cask)",
    "crossed": "diameter ~ 1 + (1 | plate) + (1 | sample)",
    "interaction_group": "angle ~ 1 + temp + (1 | recipe:replicate)",
    "factors": "angle ~ factor(recipe) * temp + (1 | replicate)",
    "no_random_intercept": "y ~ 1 + x + (0 + x | g)",
    "no_fixed_intercept": "y ~ 0 + x + (1 | g)",
    "three_levels": "y ~ 1 + x + (1 + x | district) + (1 | district:school) + (1 | district:school:class)",
    "cross_level": "y ~ 1 + R * Z + (1 + R | school)",
    "expression": "y ~ 1 + x + I(x^2) + (1 | g)",
    "offset": "y ~ 1 + x + offset(z) + (1 | g)",
    "crossed_slopes": "y ~ 1 + x + (1 + x | a) + (1 | b)",
    "categorical_slope": "y ~ 1 + factor(f) + (1 + factor(f) | g)",
}

REFUSED = {
    "lme4": set(),
    "glmmtmb": set(),
    "nlme": {"crossed", "interaction_group", "offset", "crossed_slopes"},
    "statsmodels": {"offset", "crossed_slopes"},
    "sas": {"expression", "offset", "categorical_slope"},
    "stata": {"interaction_group", "expression", "offset", "categorical_slope"},
    "spss": {"expression", "offset", "categorical_slope"},
    "julia": {"expression", "offset"},
    "brms": set(),
    "hlm": {
        "uncorrelated",
        "nested",
        "crossed",
        "interaction_group",
        "factors",
        "no_fixed_intercept",
        "three_levels",
        "expression",
        "offset",
        "crossed_slopes",
        "categorical_slope",
    },
    "mplus": {
        "nested",
        "crossed",
        "interaction_group",
        "factors",
        "three_levels",
        "expression",
        "offset",
        "crossed_slopes",
        "categorical_slope",
    },
}
