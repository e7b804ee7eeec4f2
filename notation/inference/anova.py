"""F tests of the fixed-effect terms, as lmerTest's ``anova(fit, type, ddf)``.

Contract: :func:`anova` returns one row per model term with ``Sum Sq``, ``Mean Sq``, ``NumDF``,
``DenDF``, ``F value``, ``Pr(>F)`` for the hypotheses of :mod:`notation.inference.contrasts`.
Satterthwaite (lmerTest's ``contestMD``): L's rows are rotated to the eigenvectors of L vcov(β̂) Lᵀ
(eigenvalues ≤ √ε·largest dropped), F = mean of the squared rotated t statistics, and the df
combines the per-direction Satterthwaite df νₘ as lmerTest's ``get_Fstat_ddf``. Kenward–Roger: the
F test of :func:`~notation.inference.kenward_roger.kr_ftest`, scaled. Mean Sq = F·σ̂² (the unscaled
F for Kenward–Roger), Sum Sq = Mean Sq·NumDF.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.linalg as linalg
from scipy import stats

from notation.errors import FitError, NotationError
from notation.fitting import FitResult, ProfiledDeviance, one_blas_thread
from notation.inference.contrasts import term_contrasts
from notation.inference.kenward_roger import adjusted_covariance, kr_ftest
from notation.inference.richardson import derivatives
from notation.inference.satterthwaite import varpar_covariance

__all__ = ["anova"]

COLUMNS = ["Sum Sq", "Mean Sq", "NumDF", "DenDF", "F value", "Pr(>F)"]
_EPS = float(np.sqrt(np.finfo(np.float64).eps))


def anova(result: FitResult, type: int = 3, ddf: str = "satterthwaite") -> pd.DataFrame:
    contrasts = term_contrasts(result, type)
    ddf = ddf.lower()
    if ddf == "kenward-roger":
        adjusted = adjusted_covariance(result)
        rows = [_kr_row(result, L, adjusted) for L in contrasts.values()]
    elif ddf == "satterthwaite":
        jacobian, covariance = _vcov_derivatives(result)
        rows = [_satterthwaite_row(result, L, jacobian, covariance) for L in contrasts.values()]
    else:
        raise NotationError(f"unknown ddf {ddf!r} for anova", hint="use satterthwaite or kenward-roger")
    return pd.DataFrame(rows, columns=COLUMNS, index=pd.Index(list(contrasts)))


def _row(f_unscaled: float, ndf: float, ddf: float, sigma: float, scale: float = 1.0) -> list[float]:
    mean_sq = f_unscaled * sigma**2
    f_value = f_unscaled * scale
    return [mean_sq * ndf, mean_sq, ndf, ddf, f_value, float(stats.f.sf(f_value, ndf, ddf))]


def _kr_row(result: FitResult, L: np.ndarray, adjusted: object) -> list[float]:
    test = kr_ftest(result, L, adjusted)  # type: ignore[arg-type]
    return _row(test.f_unscaled, test.ndf, test.ddf, result.sigma, test.scaling)


def _satterthwaite_row(result: FitResult, L: np.ndarray, jacobian: np.ndarray, covariance: np.ndarray
                       ) -> list[float]:
    # on the standardised response's scale, as the derivatives (β/s, vcov/s²): F and df are scale-free
    s = result.problem.statistics.scaling.y_scale
    beta, vcov = result.estimates.beta / s, result.estimates.vcov / s**2
    values, vectors = np.linalg.eigh(L @ vcov @ L.T)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    kept = values > max(_EPS * values[0], 0.0)
    q = int(kept.sum())
    PtL = (vectors.T @ L)[:q]
    nu = []
    for m in range(q):
        gradient = np.einsum("i,kij,j->k", PtL[m], jacobian, PtL[m])
        nu.append(2.0 * values[m] ** 2 / float(gradient @ covariance @ gradient))
    f_value = float(np.sum((PtL @ beta) ** 2 / values[:q]) / q)
    return _row(f_value, q, _fstat_ddf(np.array(nu)), result.sigma)


def _fstat_ddf(nu: np.ndarray, tol: float = 1e-8) -> float:
    """lmerTest's ``get_Fstat_ddf``."""
    if len(nu) == 1:
        return float(nu[0])
    if np.all(np.abs(np.diff(nu)) < tol):
        return float(np.mean(nu))
    if np.any(nu <= 2):
        return 2.0
    e = float(np.sum(nu / (nu - 2.0)))
    return 2.0 * e / (e - len(nu))


def _vcov_derivatives(result: FitResult) -> tuple[np.ndarray, np.ndarray]:
    """∂(vcov(β̂)/s²)/∂(θ, σ̃) as (k + 1, p, p) — lmerTest's ``Jac_list`` — and A, the covariance of (θ, σ̃).

    The factor is of the standardised problem (σ̃ = σ/s, coefficients of X̃): as in
    :func:`~notation.inference.satterthwaite.satterthwaite`, A is that of (θ, σ̃) and vcov/s² =
    σ̃²A⁻¹(R̃_XᵀR̃_X)⁻¹A⁻ᵀ is differentiated in (θ, σ̃), A⁻¹ = ``beta_map``; the df, ratios of
    vcov's squares to its derivatives' quadratic forms, do not depend on the scale s.
    """
    deviance = ProfiledDeviance(result.problem.statistics, result.reml)
    p, sigma = result.problem.p, result.estimates.working_sigma
    scaling = result.problem.statistics.scaling
    beta_map = scaling.beta_map
    with one_blas_thread():
        work = deviance.workspace()

        def components(theta: np.ndarray) -> np.ndarray:
            factor = deviance.factorize(theta, work)
            if factor.tail is None:
                return np.full(2 + p * p, np.nan)
            logdet = factor.logdet_random() + (factor.logdet_fixed() if deviance.reml else 0.0)
            # L⁻¹Mᵀ: its cross product is M(R_XᵀR_X)⁻¹Mᵀ, (R_XᵀR_X)⁻¹ in β's units
            inverse = linalg.solve_triangular(factor.tail[:p, :p], beta_map.T, lower=True)
            return np.concatenate([[logdet, factor.pwrss()], (inverse.T @ inverse).ravel()])

        parts = derivatives(components, result.theta)
    if not np.all(np.isfinite(parts.hessian)):
        raise FitError("the deviance is not finite next to the optimum: no Satterthwaite degrees of freedom")
    covariance = varpar_covariance(parts, sigma, deviance.dof)
    k = len(result.theta)
    jacobian = np.empty((k + 1, p, p))
    jacobian[:k] = sigma**2 * parts.jacobian[2:].T.reshape(k, p, p)
    jacobian[k] = 2.0 * sigma * parts.value[2:].reshape(p, p)
    return jacobian, covariance
