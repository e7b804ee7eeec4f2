"""Nakagawa's R² and the intraclass correlation of a fit, as MuMIn's ``r.squaredGLMM`` and performance's
``r2_nakagawa`` / ``icc`` compute them for a Gaussian linear mixed model.

Contract: :func:`variance_components` returns var_fixed = var(Xβ̂) (n − 1 denominator), var_random =
Σ_k mean over rows of z_kᵢᵀψ_k z_kᵢ (Johnson 2014: the mean of diag(Z_kψ_kZ_kᵀ), which covers random
slopes) and var_residual = σ̂²; :func:`r2` gives R²m = var_fixed / total and R²c = (var_fixed +
var_random) / total; :func:`icc` the adjusted ICC var_random / (var_random + σ̂²) and the conditional
one var_random / total. They read the fit's rows (X and each term's per-row columns).
"""

from __future__ import annotations

import numpy as np

from notation.fitting import FitResult

__all__ = ["icc", "r2", "variance_components"]


def variance_components(result: FitResult) -> dict[str, float]:
    rows = result.problem.require_rows("R² and the ICC")
    fixed = rows.X @ result.estimates.beta
    random = 0.0
    for term, T in zip(rows.terms, result.factors, strict=True):
        psi = result.sigma**2 * T @ T.T
        random += float(np.mean(np.einsum("ia,ab,ib->i", term.values, psi, term.values)))
    return {"var_fixed": float(np.var(fixed, ddof=1)) if len(fixed) > 1 else 0.0,
            "var_random": random, "var_residual": result.sigma**2}


def r2(result: FitResult) -> dict[str, float]:
    parts = variance_components(result)
    total = sum(parts.values())
    return {"marginal": parts["var_fixed"] / total,
            "conditional": (parts["var_fixed"] + parts["var_random"]) / total}


def icc(result: FitResult) -> dict[str, float]:
    parts = variance_components(result)
    total = sum(parts.values())
    return {"adjusted": parts["var_random"] / (parts["var_random"] + parts["var_residual"]),
            "conditional": parts["var_random"] / total}
