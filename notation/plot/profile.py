"""ζ plots of the likelihood profiles, as lme4's ``xyplot(profile(fit))``.

Contract: :func:`profile` draws one panel per parameter (the sd's, correlations and σ, then the fixed
effects, with :func:`notation.inference.profile_curves`'s names): ζ against the parameter's value out
to the ``level`` ends (99% by default, as lme4's ``alphamax = 0.01``), the profile's points joined, and
the ends of the ``interval`` confidence interval marked where ζ crosses ±z (as lme4's ``confint``).
A REML fit is profiled on its ML refit, as lme4 does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy import stats

from notation.fitting import FitResult
from notation.inference import profile_curves
from notation.plot.figure import drawing, new_figure, panel_shape

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["profile"]


def profile(fit: FitResult, level: float = 0.99, interval: float = 0.95, points: int = 6) -> Figure:
    """ζ along each parameter (see the module docstring)."""
    curves = profile_curves(fit, level, points)
    names = list(dict.fromkeys(curves["parameter"]))
    z = float(stats.norm.ppf((1.0 + interval) / 2.0))
    nrows, ncols = panel_shape(len(names), 3)
    with drawing():
        fig = new_figure(0.4 + 3.1 * ncols, 0.6 + 2.6 * nrows)
        for k, name in enumerate(names):
            ax = fig.add_subplot(nrows, ncols, k + 1)
            curve = curves[curves["parameter"] == name].sort_values("value")
            x, zeta = curve["value"].to_numpy(), curve["zeta"].to_numpy()
            ax.plot(x, zeta, "o-", color="#1f4e79", markersize=3, linewidth=1.3)
            estimate = x[np.argmin(np.abs(zeta))]
            for sign in (-1.0, 1.0):
                ax.axhline(sign * z, color="0.75", linewidth=0.7)
                side = zeta * sign > 0
                if np.any(side) and np.max(sign * zeta) >= z:
                    ordered = np.argsort(sign * zeta[side | (zeta == 0)])
                    xs, zs = x[side | (zeta == 0)][ordered], sign * zeta[side | (zeta == 0)][ordered]
                    end = float(np.interp(z, zs, xs))
                    ax.plot([end, end], [0, sign * z], color="#c0392b", linewidth=0.9)
            ax.axhline(0.0, color="0.6", linewidth=0.7)
            ax.axvline(estimate, color="0.85", linewidth=0.7, zorder=0)
            ax.set_title(name)
            ax.set_xlabel(name.split("|")[0] if "|" in name else name)
            ax.set_ylabel("ζ")
        fig.suptitle(f"Profile ζ (ML), {interval:.0%} interval ends marked", fontsize=10)
    return fig
