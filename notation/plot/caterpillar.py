"""The caterpillar plot: conditional modes of the random effects with their intervals, as lme4's
``dotplot(ranef(fit, condVar = TRUE))``.

Contract: :func:`caterpillar` draws one panel per random-effect column of each grouping factor — the
conditional modes b̂ (``fit.ranef``) ± z·√Var(b | y) (the conditional variances of
:func:`notation.inference.condvar`, z for ``level``, 1.96 at 95%) — the levels sorted by the first
column's modes, the same order in every panel of a factor (as lme4), with a line at 0. Factors are
stacked, each as tall as its number of levels needs (capped; beyond ``most_labels`` levels, or more
than fit 10 points apart, the labels are thinned).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from notation.fitting import FitResult
from notation.inference import condvar
from notation.plot.figure import drawing, level_ticks, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["caterpillar"]

_PANEL_WIDTH = 3.0
_INCH_PER_LEVEL = 0.16


def caterpillar(fit: FitResult, level: float = 0.95, most_labels: int = 100) -> Figure:
    """The conditional modes of every random effect with their ``level`` intervals."""
    z = float(stats.norm.ppf((1.0 + level) / 2.0))
    variances = condvar(fit)
    ranef = fit.ranef
    groups = list(ranef)
    columns = max(frame.shape[1] for frame in ranef.values())
    heights = [min(max(frame.shape[0] * _INCH_PER_LEVEL, 1.2), 9.0) for frame in ranef.values()]
    with drawing():
        fig = new_figure(1.4 + _PANEL_WIDTH * columns, 0.9 + sum(heights) + 0.35 * len(groups))
        grid = fig.add_gridspec(len(groups), columns, height_ratios=heights)
        for row, name in enumerate(groups):
            frame = ranef[name]
            modes = frame.to_numpy()
            sd = np.sqrt(np.maximum(np.diagonal(variances[name], axis1=1, axis2=2), 0.0))
            order = np.argsort(modes[:, 0], kind="stable")
            labels = [str(v) for v in frame.index[order]]
            first = None
            for col, term in enumerate(frame.columns):
                ax = fig.add_subplot(grid[row, col], sharey=first)
                first = first or ax
                y = np.arange(len(order))
                ax.axvline(0.0, color="0.6", linewidth=0.8, zorder=0)
                ax.errorbar(modes[order, col], y, xerr=z * sd[order, col], fmt="o", color="#1f4e79",
                            ecolor="#6f8fb0", elinewidth=1.0, markersize=3.2 if len(y) <= 100 else 1.5,
                            capsize=0)
                ax.set_title(f"{name}: {term}")
                ax.set_xlabel("conditional mode")
                ax.set_ylim(-0.7, len(y) - 0.3)
                if col == 0:  # as many labels as fit 10 points apart in the panel's height
                    room = int(heights[row] * 72 / 10)
                    level_ticks(ax, labels, "y", min(most_labels, room))
                    ax.set_ylabel(name)
                else:
                    ax.tick_params(labelleft=False)
                ax.grid(axis="y", color="0.92", linewidth=0.6)
        fig.suptitle(f"Conditional modes ± {level:.0%} intervals", fontsize=10)
    return fig
