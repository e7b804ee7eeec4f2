"""Rank-deficient fixed-effect columns, found and dropped as lme4 does; lme4's scale check.

Contract: :func:`independent_columns` returns the indices of the columns of X to keep, in their
order, dropping each column whose norm falls below ``tol`` (1e-7, lme4's ``chkRank.drop.cols``)
times its original norm once the earlier kept columns are projected out — the rule of R's
``qr()`` (LINPACK ``dqrdc2``) that lme4 uses. A well-conditioned X is recognised from its Gram
matrix without touching the rows again.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["independent_columns", "independent_columns_gram", "rank_message", "scale_message",
           "scale_message_sd"]

_TOL = 1e-7


def independent_columns(X: np.ndarray) -> list[int]:
    """Indices of the columns of ``X`` that are kept (all of them when X has full column rank)."""
    p = X.shape[1]
    if p == 0:
        return []
    norms = np.sqrt(np.einsum("ij,ij->j", X, X))
    if _well_conditioned(X.T @ X, norms):
        return list(range(p))
    kept: list[int] = []
    basis = np.empty((X.shape[0], 0))
    for j in range(p):
        column = X[:, j]
        residual = column - basis @ (basis.T @ column)
        residual -= basis @ (basis.T @ residual)  # second pass: Gram-Schmidt loses orthogonality once
        size = float(np.linalg.norm(residual))
        if norms[j] > 0 and size >= _TOL * norms[j]:
            kept.append(j)
            basis = np.column_stack([basis, residual / size])
    return kept


def _well_conditioned(gram: np.ndarray, norms: np.ndarray) -> bool:
    if np.any(norms == 0):
        return False
    scaled = gram / np.outer(norms, norms)
    try:
        factor = np.linalg.cholesky(scaled)
    except np.linalg.LinAlgError:
        return False
    return bool(np.min(np.abs(np.diag(factor))) > 1e-4)


def rank_message(dropped: int) -> str:
    """lme4's message, word for word."""
    if dropped == 1:
        return "fixed-effect model matrix is rank deficient so dropping 1 column / coefficient"
    return f"fixed-effect model matrix is rank deficient so dropping {dropped} columns / coefficients"


def scale_message(X: np.ndarray) -> str | None:
    """lme4's ``check.scaleX``: warn when non-0/1 columns' SDs differ by, or are, more than 1000-fold."""
    continuous = [j for j in range(X.shape[1]) if not np.all((X[:, j] == 0) | (X[:, j] == 1))]
    if not continuous:
        return None
    return scale_message_sd(X[:, continuous].std(axis=0, ddof=1))


def scale_message_sd(sd: np.ndarray) -> str | None:
    """:func:`scale_message` from the SDs (ddof 1) of the columns that are not all 0/1."""
    if not len(sd):
        return None
    with np.errstate(divide="ignore"):
        log_sd = np.log(sd)
    spread = np.abs(log_sd[:, None] - log_sd[None, :])
    if np.any(np.abs(log_sd) > np.log(1e3)) or np.any(spread > np.log(1e3)):
        return "Some predictor variables are on very different scales: consider rescaling"
    return None


def independent_columns_gram(gram: np.ndarray, norms: np.ndarray) -> list[int]:
    """:func:`independent_columns` from a Gram matrix instead of the rows (the out-of-core engines).

    ``gram`` is the Gram matrix of the columns with the intercept already projected out of the others
    (the centred cross products; the intercept's row holds only its own nᵢᵢ), ``norms`` the columns'
    original norms: column j is dropped when what is left of it after the earlier kept columns,
    √(Gⱼⱼ − cᵀc) with L c = G[kept, j], is below ``tol`` times its norm — R's rule, on sums.
    """
    kept: list[int] = []
    factor = np.empty((0, 0))
    for j in range(gram.shape[0]):
        cross = gram[kept, j]
        c = np.linalg.solve(factor, cross) if kept else np.empty(0)
        left = float(gram[j, j] - c @ c)
        size = math.sqrt(left) if left > 0 else 0.0
        if norms[j] > 0 and size >= _TOL * norms[j]:
            grown = np.zeros((len(kept) + 1, len(kept) + 1))
            grown[:-1, :-1] = factor
            grown[-1, :-1] = c
            grown[-1, -1] = size
            factor = grown
            kept.append(j)
    return kept
