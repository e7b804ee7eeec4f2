"""Likelihood-ratio tests between nested fits, as lme4's ``anova(m1, m2, ...)``.

Contract: :func:`compare` takes fits of the same rows and returns lme4's table, one row per model
(``m1``, ``m2``, … in the order given; the rows are sorted by number of parameters, as lme4 sorts
them): npar, AIC, BIC, logLik, deviance, Chisq = 2·max(0, Δ logLik), Df = Δ npar, Pr(>Chisq).
REML fits are refitted by ML first unless ``refit=False`` (lme4's ``refit = TRUE``): REML
criteria of models with different fixed effects are not comparable. Fits to different rows, or
models that are not nested (fixed-effect columns and random-effect terms of the smaller one
within the larger's), are a :class:`~notation.errors.NotationError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from notation.errors import NotationError
from notation.fitting import FitResult, fit_problem

__all__ = ["compare"]

COLUMNS = ["npar", "AIC", "BIC", "logLik", "deviance", "Chisq", "Df", "Pr(>Chisq)"]


def compare(results: Sequence[FitResult], refit: bool = True, names: Sequence[str] | None = None
            ) -> pd.DataFrame:
    if len(results) < 2:
        raise NotationError("a comparison needs at least two models", hint="give two or more specs")
    names = list(names) if names is not None else [f"m{k + 1}" for k in range(len(results))]
    _check_same_rows(results, names)
    if refit:
        results = [fit_problem(r.problem, reml=False, formula=r.formula) if r.reml else r for r in results]
    elif len({r.reml for r in results}) > 1:
        raise NotationError("the models are fitted by different criteria (REML and ML)",
                            hint="compare them refitted by ML (drop --reml)")
    order = sorted(range(len(results)), key=lambda k: results[k].npar)  # stable, as R's order()
    ordered = [results[k] for k in order]
    for small, large, k in zip(ordered, ordered[1:], order[1:], strict=False):
        _check_nested(small, large, names[order[order.index(k) - 1]], names[k])
    npar = np.array([r.npar for r in ordered], dtype=np.float64)
    loglik = np.array([r.loglik for r in ordered])
    chisq = np.concatenate([[np.nan], 2.0 * np.maximum(0.0, np.diff(loglik))])
    df = np.concatenate([[np.nan], np.diff(npar)])
    with np.errstate(invalid="ignore"):
        p = np.where(df > 0, stats.chi2.sf(chisq, np.where(df > 0, df, 1.0)), np.nan)
    return pd.DataFrame({"npar": npar, "AIC": [r.aic for r in ordered], "BIC": [r.bic for r in ordered],
                         "logLik": loglik, "deviance": -2.0 * loglik, "Chisq": chisq, "Df": df,
                         "Pr(>Chisq)": p}, index=pd.Index([names[k] for k in order]))


def _check_same_rows(results: Sequence[FitResult], names: list[str]) -> None:
    first = results[0].problem
    for result, name in zip(results[1:], names[1:], strict=True):
        problem = result.problem
        same = (problem.nobs == first.nobs and problem.response == first.response
                and bool(np.isclose(_yty(problem), _yty(first), rtol=1e-12)))
        if same and problem.rows is not None and first.rows is not None:
            same = (problem.rows.index.equals(first.rows.index)
                    and np.array_equal(problem.rows.y, first.rows.y))
        if not same:
            raise NotationError(f"models {names[0]} and {name} are not fitted to the same rows "
                                f"({first.nobs} and {problem.nobs} observations of "
                                f"{first.response!r} and {problem.response!r})",
                                hint="fit every model to the same data and response; rows dropped for "
                                     "missing values in one model's variables change the rows")


def _yty(problem: Any) -> float:
    """yᵀy of the data's response (the fitter's Gram blocks are of the standardised ỹ, which depends on X)."""
    return float(problem.statistics.original_gram.tail[-1, -1])


def _check_nested(small: FitResult, large: FitResult, small_name: str, large_name: str) -> None:
    fixed_ok = set(small.problem.fixed_names) <= set(large.problem.fixed_names)
    random_ok = all(any(term.grouping == other.grouping and set(term.names) <= set(other.names)
                        for other in large.problem.terms)
                    for term in small.problem.terms)
    if not (fixed_ok and random_ok):
        raise NotationError(f"model {small_name} is not nested in model {large_name}: a likelihood-ratio "
                            "test compares a model with one that adds parameters to it",
                            hint="the smaller model's fixed effects and random-effect terms must all be "
                                 "in the larger model")
