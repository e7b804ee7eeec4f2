"""The random-effects variance table: lme4's ``as.data.frame(VarCorr(fit))``.

Contract: :func:`varcorr_rows` lists, per random-effect term in lme4's order, the variances of its
columns (``var2`` None), then the covariances of column pairs in lower-triangle column order, then
the residual; ``vcov`` holds variances/covariances, ``sdcor`` standard deviations/correlations.
When a grouping name repeats, lme4 passes every name through R's ``make.names(unique = TRUE)``:
``Subject``, ``Subject.1``; ``Wafer:Site`` twice is ``Wafer.Site``, ``Wafer.Site.1``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from notation.design import TermShape
from notation.ir import make_unique

__all__ = ["varcorr_rows"]


def varcorr_rows(terms: Sequence[TermShape], factors: Sequence[np.ndarray], sigma: float
                 ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for term, T, group in zip(terms, factors, group_names([t.grouping for t in terms]), strict=True):
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


def group_names(names: Sequence[str]) -> list[str]:
    """lme4's names of the random-effect terms' groups: as they are, or, when one repeats, R's
    ``make.names(names, unique = TRUE)`` of them all."""
    if len(set(names)) == len(names):
        return list(names)
    return make_unique(_make_name(n) for n in names)


def _make_name(name: str) -> str:
    """R's ``make.names`` of one name: invalid characters become ``.``, an invalid start gets ``X``."""
    text = re.sub(r"[^\w.]", ".", name)
    if not re.match(r"[^\W\d_]|\.(?![0-9])", text):
        text = "X" + text
    return text


def _row(group: str, var1: str | None, var2: str | None, vcov: float, sdcor: float) -> dict[str, Any]:
    return {"grp": group, "var1": var1, "var2": var2, "vcov": float(vcov), "sdcor": float(sdcor)}
