"""The later terms' Schur complement kept sparse: nested designs with many groups.

Contract: when eliminating the first term leaves the later terms' block mostly empty — nested
factors (classes in schools: each class meets one school, so schools stay uncoupled) —
:func:`keeps_sparse` says so once (at least 500 columns, a bound on the pattern under 5% full, and
each term's levels nested in every later term of more than 500 columns but for at most 5% of
them: such a crossed term fills the factor in, and SuperLU then takes minutes where the dense
factorisation takes seconds; a small crossed term only adds a few dense columns), and
:func:`factor_sparse_rest` forms S_ZZ = Λ_rᵀ(A_ZZ − A_Z1 G Gᵀ A_1Z)Λ_r + I as a sparse matrix,
factors it with SuperLU (symmetric mode, minimum-degree ordering, no off-diagonal pivoting: on a
symmetric positive definite matrix that is a Cholesky factorisation, log|S_ZZ| = Σ log Uᵢᵢ) and
eliminates it from the small dense [X y] block. A dense N² Schur complement would cost O(N³)
per evaluation where this costs about O(nnz).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import scipy.sparse as sparse
from scipy.sparse.linalg import splu

from notation.data.columns import Factor
from notation.design import Design
from notation.fit.scaling import rest_factor, right_block_diagonal, scale_rest_rows

__all__ = ["factor_sparse_rest", "keeps_sparse"]

_MIN_COLUMNS = 500
_MAX_DENSITY = 0.05
_MAX_CROSSED = 0.05


def keeps_sparse(design: Design, force: bool | None = None) -> bool:
    """Whether the later terms are kept sparse: when it pays, or when ``force`` says so."""
    gram = design.gram
    nz = gram.nz_rest
    if nz == 0 or force is not None:
        return bool(nz) and bool(force)
    if nz < _MIN_COLUMNS:
        return False
    # nonzeros of A_ZZ plus Σⱼ (nonzeros of column j of A_Z1)²: a cheap bound on S_ZZ before fill-in
    per_level = np.diff(gram.rest_first.tocsc().indptr).astype(np.int64)
    if gram.later.nnz + int(np.sum(per_level**2)) > _MAX_DENSITY * nz * nz:
        return False
    terms = design.random
    return all(_crossed_share(terms[f].group, terms[c].group) <= _MAX_CROSSED
               for c in range(1, len(terms)) if terms[c].size > _MIN_COLUMNS for f in range(c))


def _crossed_share(finer: Factor, coarser: Factor) -> float:
    """The share of ``finer``'s levels that meet more than one level of ``coarser``."""
    pairs = pd.unique(finer.codes * coarser.nlevels + coarser.codes)
    meets = np.bincount(pairs // coarser.nlevels, minlength=finer.nlevels)
    return float(np.mean(meets > 1))


Solver = Callable[[np.ndarray], np.ndarray]


def factor_sparse_rest(design: Design, factors: list[np.ndarray], G: np.ndarray, F: np.ndarray,
                       weighted: np.ndarray) -> tuple[np.ndarray | None, float, Solver]:
    """(tail factor, log|S_ZZ|, solver) for the later terms kept sparse.

    ``F`` stacks GⱼᵀA_1t,j and ``weighted`` GⱼGⱼᵀA_1t,j, level-major (m₁q₁ × t).
    """
    gram = design.gram
    nz = gram.nz_rest
    B = right_block_diagonal(gram.rest_first, G)
    Lambda = rest_factor(design, factors)
    S_zz = (Lambda.T @ (gram.later - B @ B.T) @ Lambda + sparse.identity(nz)).tocsc()
    S_zt = scale_rest_rows(gram.later_tail - gram.rest_first @ weighted, design, factors)
    S_tt = gram.tail - F.T @ F
    lu = splu(S_zz, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
    pivots = lu.U.diagonal()
    if np.any(pivots <= 0):
        return None, 0.0, lu.solve
    eliminated = S_tt - S_zt.T @ lu.solve(S_zt)
    try:
        tail = np.linalg.cholesky(eliminated)
    except np.linalg.LinAlgError:
        return None, 0.0, lu.solve
    return tail, float(np.log(pivots).sum()), lu.solve
