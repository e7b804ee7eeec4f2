"""Conditional variances of the random effects, as lme4's ``ranef(fit, condVar = TRUE)`` ("postVar").

Contract: :func:`condvar` returns, per random-effect term (keyed by grouping factor; a repeated factor
gets R's ``.1`` suffix, as varcorr), an array (levels, q, q): Var(b_j | y) = σ̂²·[Λ(ΛᵀZᵀZΛ + I)⁻¹Λᵀ]_jj,
the intervals of a caterpillar plot. With one term the blocks are σ̂²·GⱼGⱼᵀ, Gⱼ = TL₁ⱼ⁻ᵀ of the fit's
blocked factor (no inverse formed); with several the inverse is dense in Z's columns (from the Gram
blocks), so it is refused beyond ``_MAX_DENSE`` random effects.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as linalg

from notation.errors import NotationError
from notation.fitting import FitResult, ProfiledDeviance, one_blas_thread
from notation.inference.dense import dense_gram, relative_factor
from notation.ir import make_unique

__all__ = ["condvar"]

_MAX_DENSE = 8_000


def condvar(result: FitResult) -> dict[str, np.ndarray]:
    statistics = result.problem.statistics
    terms = statistics.terms
    sigma2 = result.sigma**2
    with one_blas_thread():
        if len(terms) == 1:
            factor = ProfiledDeviance(statistics, result.reml).factorize(result.theta)
            G = factor.scale  # (q, q, m): Gⱼ = T L₁ⱼ⁻ᵀ
            blocks = [sigma2 * np.einsum("abm,cbm->mac", G, G)]
        else:
            total = sum(t.size for t in terms)
            if total > _MAX_DENSE:
                raise NotationError(f"conditional variances of {total:,} crossed random effects need a dense "
                                    f"{total:,}² inverse; the limit is {_MAX_DENSE:,}")
            gram = dense_gram(statistics)[:total, :total]
            Lam = relative_factor(terms, result.factors)
            M = np.asarray((Lam.T @ (Lam.T @ gram).T).T)
            M[np.diag_indices(total)] += 1.0
            H = np.asarray(Lam @ linalg.cho_solve(linalg.cho_factor(M, lower=True), Lam.T.toarray()))
            blocks, offset = [], 0
            for term in terms:
                q, m = term.q, term.nlevels
                index = offset + np.arange(m)[:, None] * q + np.arange(q)[None, :]  # (m, q)
                blocks.append(sigma2 * H[index[:, :, None], index[:, None, :]])
                offset += term.size
    return dict(zip(make_unique(t.grouping for t in terms), blocks, strict=True))
