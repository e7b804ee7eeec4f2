"""The fit JSON of ``notation fit --json`` (DESIGN.md §6, a contract).

Contract: :func:`fit_json` returns JSON-ready data with the keys of ``shared/reference/*.json`` in
this order: formula, reml, criterion, loglik, aic, bic, nobs, ngroups, fixef, se, df_satterthwaite,
p_satterthwaite (lmerTest's, :func:`notation.inference.satterthwaite`), vcov, theta, sigma, varcorr
(rows of lme4's ``as.data.frame(VarCorr())``, NaN as null), ranef {group: {levels, values}}, then
warnings, fit_seconds and engine (the data engine that summed the rows: pandas, duckdb, dask; DESIGN.md §9).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from notation.fitting import FitResult
from notation.inference import satterthwaite
from notation.ir import make_unique

__all__ = ["fit_json"]


def fit_json(result: FitResult, tests: pd.DataFrame | None = None) -> dict[str, Any]:
    """The fit as JSON-ready data; computes the Satterthwaite df (a few factorizations per θ-pair)
    unless ``tests`` is that table already."""
    tests = satterthwaite(result) if tests is None else tests
    ranef = {}
    for name, frame in result.ranef.items():
        # a term written twice gives a column name twice: R's make.unique keeps both apart
        ranef[name] = {"levels": [str(v) for v in frame.index],
                       "values": dict(zip(make_unique(frame.columns), frame.to_numpy().T.tolist(),
                                          strict=True))}
    return {
        "formula": result.formula,
        "reml": result.reml,
        "criterion": result.criterion,
        "loglik": result.loglik,
        "aic": result.aic,
        "bic": result.bic,
        "nobs": result.nobs,
        "ngroups": result.ngroups,
        "fixef": result.fixef.to_dict(),
        "se": result.se.to_dict(),
        "df_satterthwaite": tests["df"].to_dict(),
        "p_satterthwaite": tests["Pr(>|t|)"].to_dict(),
        "vcov": result.estimates.vcov.tolist(),
        "theta": result.theta.tolist(),
        "sigma": result.sigma,
        "varcorr": result.varcorr.replace({np.nan: None}).to_dict(orient="records"),
        "ranef": ranef,
        "warnings": list(result.warnings),
        "fit_seconds": result.fit_seconds,
        "engine": result.problem.engine,
    }
