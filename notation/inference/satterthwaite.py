"""Satterthwaite degrees of freedom and t-tests for each fixed effect, as lmerTest's summary.

Contract: :func:`satterthwaite` returns, for a fit, a table indexed by fixed-effect name with
Estimate, Std. Error, df, t value and Pr(>|t|) — the numbers of lmerTest (Kuznetsova, Brockhoff
and Christensen 2017, method "Satterthwaite"). The variance parameters are varpar = (θ, σ); the
deviance D(θ, σ) is the ML or REML one, profiled over β and u but not over σ:
D = log|L|² [+ log|R_X|²] + r²(θ)/σ² + (n [− p]) log(2πσ²). Its Hessian H at (θ̂, σ̂) gives
A = 2H⁺ (eigenvalues ≤ 1e-8 dropped, as lmerTest); C(θ, σ) = σ²(R_XᵀR_X)⁻¹ = vcov(β). For each
coefficient j: df = 2 C_jj² / (gᵀAg) with g = ∂C_jj/∂varpar, and p = 2 P(T_df > |t|).
Derivatives in θ are numerical (:mod:`notation.inference.richardson`), those in σ exact; boundary θ
(= 0) is differenced across the bound as lmerTest does — the deviance is even there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.linalg as linalg
from scipy import stats

from notation.errors import FitError
from notation.fitting import FitResult, ProfiledDeviance, one_blas_thread
from notation.inference.richardson import Derivatives, derivatives

__all__ = ["satterthwaite", "varpar_covariance"]

_ZERO_EIGENVALUE = 1e-8  # lmerTest's tol in as_lmerModLT


def satterthwaite(result: FitResult, levels: int = 2) -> pd.DataFrame:
    """The table at the fit's θ̂; ``levels``: Richardson levels of the θ-derivatives."""
    names = list(result.problem.fixed_names)
    statistics = result.problem.statistics
    deviance = ProfiledDeviance(statistics, result.reml)
    # The factor is of standardised [X y] (notation.design.standardize): work with σ̃ and map the
    # coefficients back by A⁻¹; df is invariant to the response's scale.
    sigma = result.estimates.working_sigma
    beta_map = statistics.scaling.beta_map
    with one_blas_thread():  # as the fit
        work = deviance.workspace()
        parts = derivatives(lambda theta: _components(deviance, theta, work, beta_map), result.theta,
                            levels=levels)
    if not np.all(np.isfinite(parts.hessian)):
        raise FitError("the deviance is not finite next to the optimum: no Satterthwaite degrees of freedom",
                       hint="the fit may be on a boundary where the model is not defined on both sides")
    covariance = varpar_covariance(parts, sigma, deviance.dof)
    ratio, d_ratio = parts.value[2:], parts.jacobian[2:]  # diag (R_XᵀR_X)⁻¹ and its θ-derivatives
    working = sigma**2 * ratio  # vcov's diagonal on the standardised response's scale
    gradient = np.column_stack([sigma**2 * d_ratio, 2.0 * sigma * ratio])
    df = 2.0 * working**2 / np.einsum("ji,ik,jk->j", gradient, covariance, gradient)
    variance = np.diag(result.estimates.vcov)
    estimate = result.estimates.beta
    t_value = estimate / np.sqrt(variance)
    p_value = 2.0 * stats.t.sf(np.abs(t_value), df)
    return pd.DataFrame({"Estimate": estimate, "Std. Error": np.sqrt(variance), "df": df,
                         "t value": t_value, "Pr(>|t|)": p_value}, index=pd.Index(names))


def varpar_covariance(parts: Derivatives, sigma: float, dof: int) -> np.ndarray:
    """A = 2H⁺, H the Hessian of D(θ, σ); θ parts from ``parts`` = (log-determinants, r², …)."""
    k = parts.jacobian.shape[1]
    r2 = parts.value[1]
    hessian = np.empty((k + 1, k + 1))
    hessian[:k, :k] = parts.hessian[0] + parts.hessian[1] / sigma**2
    hessian[:k, k] = hessian[k, :k] = -2.0 * parts.jacobian[1] / sigma**3
    hessian[k, k] = 6.0 * r2 / sigma**4 - 2.0 * dof / sigma**2
    values, vectors = linalg.eigh(hessian)
    kept = values > _ZERO_EIGENVALUE
    return 2.0 * (vectors[:, kept] / values[kept]) @ vectors[:, kept].T


def _components(deviance: ProfiledDeviance, theta: np.ndarray, work: np.ndarray | None,
                beta_map: np.ndarray) -> np.ndarray:
    """(log|L|² [+ log|R_X|²], r², diag M(R_XᵀR_X)⁻¹Mᵀ) at θ, M = ``beta_map``; NaN where the factor fails.

    ``work`` is overwritten by each factor, as in the optimiser: nothing read here outlives the call.
    """
    p = deviance.stats.p
    factor = deviance.factorize(theta, work)
    if factor.tail is None:
        return np.full(2 + p, np.nan)
    logdet = factor.logdet_random() + (factor.logdet_fixed() if deviance.reml else 0.0)
    inverse = linalg.solve_triangular(factor.tail[:p, :p], beta_map.T, lower=True)
    return np.concatenate([[logdet, factor.pwrss()], (inverse**2).sum(axis=0)])
