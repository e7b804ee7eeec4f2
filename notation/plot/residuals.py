"""Residuals against fitted values, with a zero line and a smooth, as lme4's ``plot(fit)`` (plus a loess).

Contract: :func:`residuals` draws the conditional residuals y − ŷ against the fitted values ŷ (Xβ̂ + Zb̂),
the line at 0 and a LOWESS smooth (:func:`lowess`: tricube weights over the nearest ``frac`` of the
points, one robustness step, evaluated at 80 points; above ``_SMOOTH_ROWS`` rows on a deterministic
subsample), so a trend or a funnel shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from notation.fitting import FitResult
from notation.plot.figure import drawing, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["lowess", "residuals"]

_SMOOTH_ROWS = 4000


def lowess(x: np.ndarray, y: np.ndarray, frac: float = 2 / 3, points: int = 80) -> tuple[np.ndarray,
                                                                                        np.ndarray]:
    """Cleveland's locally weighted linear fit of y on x at ``points`` values across x's range."""
    if len(x) > _SMOOTH_ROWS:  # every k-th point by x's order: the curve's shape, at a bounded cost
        keep = np.argsort(x, kind="stable")[:: int(np.ceil(len(x) / _SMOOTH_ROWS))]
        x, y = x[keep], y[keep]
    grid = np.linspace(x.min(), x.max(), points)
    k = max(3, int(np.ceil(frac * len(x))))
    robust = np.ones(len(x))
    for _ in range(2):  # the fit, then one pass down-weighting large residuals (bisquare)
        smooth = np.array([_local(x, y, robust, k, at) for at in x])
        resid = y - smooth
        scale = 6.0 * np.median(np.abs(resid))
        robust = (1 - np.clip(np.abs(resid) / scale, 0, 1) ** 2) ** 2 if scale > 0 else np.ones(len(x))
    return grid, np.array([_local(x, y, robust, k, at) for at in grid])


def _local(x: np.ndarray, y: np.ndarray, robust: np.ndarray, k: int, at: float) -> float:
    distance = np.abs(x - at)
    width = np.partition(distance, k - 1)[k - 1] * 1.0001 or 1.0
    w = (1 - np.clip(distance / width, 0, 1) ** 3) ** 3 * robust
    total = w.sum()
    if total <= 0:
        return float(np.mean(y))
    mx, my = (w * x).sum() / total, (w * y).sum() / total
    spread = (w * (x - mx) ** 2).sum()
    slope = (w * (x - mx) * (y - my)).sum() / spread if spread > 0 else 0.0
    return float(my + slope * (at - mx))


def residuals(fit: FitResult) -> Figure:
    """Residuals against fitted values (see the module docstring)."""
    values = fit.fitted.to_numpy()
    resid = fit.residuals.to_numpy()
    with drawing():
        fig = new_figure(6.4, 4.6)
        ax = fig.add_subplot()
        ax.scatter(values, resid, s=10 if len(values) < 2000 else 3, color="#1f4e79",
                   alpha=0.6 if len(values) < 2000 else 0.25, linewidths=0)
        ax.axhline(0.0, color="0.45", linewidth=0.9, linestyle="--")
        ax.plot(*lowess(values, resid), color="#c0392b", linewidth=1.8, label="LOWESS smooth")
        ax.set_xlabel(f"fitted {fit.problem.model.response_name}")
        ax.set_ylabel("residual")
        ax.set_title("Residuals against fitted values")
        ax.legend(loc="upper right")
    return fig
