"""Normal quantile–quantile plots of the residuals and of each random effect, as R's ``qqnorm`` and
``qqline``.

Contract: :func:`qq` draws one panel for the residuals and one per random-effect column of each
grouping factor (the conditional modes): sorted values against the normal quantiles at R's
``ppoints(n)`` ((i − 3/8)/(n + 1/4) for n ≤ 10, (i − 1/2)/n above), and the line through the first and
third quartiles (``qqline``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from notation.fitting import FitResult
from notation.plot.figure import drawing, new_figure, panel_shape

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ppoints", "qq"]


def ppoints(n: int) -> np.ndarray:
    """R's ``ppoints(n)``."""
    a = 3 / 8 if n <= 10 else 0.5
    return (np.arange(1, n + 1) - a) / (n + 1 - 2 * a)


def _panel(ax: Axes, values: np.ndarray, title: str) -> None:
    sample = np.sort(values)
    theory = stats.norm.ppf(ppoints(len(sample)))
    ax.scatter(theory, sample, s=9 if len(sample) < 2000 else 3, color="#1f4e79", alpha=0.7, linewidths=0)
    q1, q3 = np.quantile(sample, [0.25, 0.75])
    z1, z3 = stats.norm.ppf([0.25, 0.75])
    if q3 > q1:
        slope = (q3 - q1) / (z3 - z1)
        ends = np.array([theory[0], theory[-1]])
        ax.plot(ends, q1 + slope * (ends - z1), color="#c0392b", linewidth=1.2)
    ax.set_title(title)
    ax.set_xlabel("normal quantile")
    ax.set_ylabel("sample quantile")


def qq(fit: FitResult) -> Figure:
    """Normal QQ plots of the residuals and of every random effect."""
    panels = [("Residuals", fit.residuals.to_numpy())]
    for name, frame in fit.ranef.items():
        panels += [(f"{name}: {column}", frame[column].to_numpy()) for column in frame.columns]
    nrows, ncols = panel_shape(len(panels), 3)
    with drawing():
        fig = new_figure(0.4 + 3.1 * ncols, 0.5 + 2.8 * nrows)
        for k, (title, values) in enumerate(panels):
            _panel(fig.add_subplot(nrows, ncols, k + 1), values, title)
        fig.suptitle("Normal QQ plots", fontsize=10)
    return fig
