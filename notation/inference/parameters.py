"""The variance parameters of a fit on lme4's profiling scale: standard deviations, correlations, σ.

Contract: :func:`varpar_names` gives lme4's ``oldNames = FALSE`` names in θ's order (per term, the
column-wise lower triangle: ``sd_(Intercept)|Subject``, ``cor_Days.(Intercept)|Subject``,
``sd_Days|Subject``), then ``sigma``. :func:`to_sdcor` maps (θ, σ) to those values and
:func:`from_sdcor` back (ψ_k = D C D, T_k = chol(ψ_k)/σ), as lme4's ``Cv_to_Sv`` / ``Sv_to_Cv``.
:func:`sdcor_bounds` are the parameters' ranges: sd, σ ≥ 0, correlations in [−1, 1].
"""

from __future__ import annotations

import functools

import numpy as np

from notation.fitting import FitResult

__all__ = ["from_sdcor", "is_correlation", "sdcor_bounds", "to_sdcor", "varpar_names"]


def varpar_names(result: FitResult) -> list[str]:
    names = []
    for term in result.problem.terms:
        for j in range(term.q):
            for i in range(j, term.q):
                if i == j:
                    names.append(f"sd_{term.names[i]}|{term.grouping}")
                else:
                    names.append(f"cor_{term.names[i]}.{term.names[j]}|{term.grouping}")
    return [*names, "sigma"]


def _sizes(result: FitResult) -> list[int]:
    return [term.q for term in result.problem.terms]


def is_correlation(result: FitResult) -> np.ndarray:
    """Per variance parameter (θ's order, then σ): is it a correlation?"""
    flags = []
    for q in _sizes(result):
        for j in range(q):
            flags += [i != j for i in range(j, q)]
    return np.array([*flags, False])


def sdcor_bounds(result: FitResult) -> tuple[np.ndarray, np.ndarray]:
    corr = is_correlation(result)
    return np.where(corr, -1.0, 0.0), np.where(corr, 1.0, np.inf)


def to_sdcor(sizes: list[int], theta: np.ndarray, sigma: float) -> np.ndarray:
    out, offset = [], 0
    for q in sizes:
        T = np.zeros((q, q))
        rows, cols = np.tril_indices(q)
        order = np.lexsort((rows, cols))  # column-wise lower triangle, θ's order
        rows, cols = rows[order], cols[order]
        count = len(rows)
        T[rows, cols] = theta[offset:offset + count]
        offset += count
        psi = sigma**2 * T @ T.T
        sd = np.sqrt(np.diag(psi))
        for i, j in zip(rows, cols, strict=True):
            if i == j:
                out.append(sd[i])
            else:
                out.append(psi[i, j] / (sd[i] * sd[j]) if sd[i] > 0 and sd[j] > 0 else 0.0)
    return np.array([*out, sigma])


def from_sdcor(sizes: list[int], values: np.ndarray) -> tuple[np.ndarray, float] | None:
    """(θ, σ) of sd/cor/σ ``values``; None where the correlations make no covariance matrix.
    (Called at every evaluation of a variance-parameter profile: the index work is cached per q.)"""
    sigma = float(values[-1])
    if not sigma > 0:
        return None
    parts: list[np.ndarray] = []
    offset = 0
    for q in sizes:
        rows, cols, diagonal = _triangle(q)
        count = len(rows)
        part = values[offset:offset + count]
        offset += count
        if q == 1:
            parts.append(part / sigma)
            continue
        sd = part[diagonal]
        corr = np.eye(q)
        corr[rows, cols] = part
        corr[cols, rows] = part
        corr[np.arange(q), np.arange(q)] = 1.0
        T = _lower_factor(corr, sd)
        if T is None:
            return None
        parts.append((T / sigma)[rows, cols])
    return np.concatenate(parts), sigma


@functools.cache
def _triangle(q: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """θ's order of a q×q lower triangle (column-wise): rows, columns, and which are diagonal."""
    rows, cols = np.tril_indices(q)
    order = np.lexsort((rows, cols))
    rows, cols = rows[order], cols[order]
    return rows, cols, rows == cols


def _lower_factor(corr: np.ndarray, sd: np.ndarray) -> np.ndarray | None:
    """The lower Cholesky factor of D C D; a zero sd gives a zero column (the boundary lme4 allows)."""
    q = len(sd)
    if q == 1:
        return sd.reshape(1, 1).copy()
    try:
        L = np.linalg.cholesky(corr)
    except np.linalg.LinAlgError:
        return None
    return sd[:, None] * L
