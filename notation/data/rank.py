"""Rank-deficient fixed-effect columns, found and dropped as lme4 does; lme4's scale check.

Contract: :func:`independent_columns` returns the indices of the columns of X to keep, in their
order, dropping each column whose norm falls below ``tol`` (1e-7, lme4's ``chkRank.drop.cols``)
times its original norm once the earlier kept columns are projected out — the rule of R's
``qr()`` (LINPACK ``dqrdc2``) that lme4 uses. A well-conditioned X is recognised from its Gram
matrix without touching the rows again.
"""

from __future__ import annotations

import numpy as np

__all__ = ["independent_columns", "rank_message", "scale_message"]

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
    log_sd = np.log(X[:, continuous].std(axis=0, ddof=1))
    spread = np.abs(log_sd[:, None] - log_sd[None, :])
    if np.any(np.abs(log_sd) > np.log(1e3)) or np.any(spread > np.log(1e3)):
        return "Some predictor variables are on very different scales: consider rescaling"
    return None
