"""The random-effects variance table: lme4's ``as.data.frame(VarCorr(fit))``.

Contract: :func:`varcorr_rows` lists, per random-effect term in lme4's order, the variances of its
columns (``var2`` None), then the covariances of column pairs in lower-triangle column order, then
the residual; ``vcov`` holds variances/covariances, ``sdcor`` standard deviations/correlations.
Repeated grouping names get R's ``make.unique`` suffixes (``Subject``, ``Subject.1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from notation.design import TermShape

__all__ = ["varcorr_rows"]


def varcorr_rows(terms: Sequence[TermShape], factors: Sequence[np.ndarray], sigma: float
                 ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for term, T in zip(terms, factors, strict=True):
        name = term.grouping
        count = seen.get(name, 0)
        seen[name] = count + 1
        group = name if count == 0 else f"{name}.{count}"
        cov = sigma**2 * T @ T.T
        sd = np.sqrt(np.diag(cov))
        for i, column in enumerate(term.names):
            rows.append(_row(group, column, None, cov[i, i], sd[i]))
        for j in range(term.q):
            for i in range(j + 1, term.q):
                corr = cov[i, j] / (sd[i] * sd[j]) if sd[i] > 0 and sd[j] > 0 else float("nan")
                rows.append(_row(group, term.names[j], term.names[i], cov[i, j], corr))
    rows.append(_row("Residual", None, None, sigma**2, sigma))
    return rows


def _row(group: str, var1: str | None, var2: str | None, vcov: float, sdcor: float) -> dict[str, Any]:
    return {"grp": group, "var1": var1, "var2": var2, "vcov": float(vcov), "sdcor": float(sdcor)}
