"""Per-group fitted lines over the data, as seed 002 draws the sleep study: each group's points and its
line, and the population line in black.

Contract: :func:`fitted` puts ``x`` on the horizontal axis — by default the first slope variable of a
random term, else the first numeric fixed-effect column (``Days``) — and the response on the vertical
one, one colour per level of ``group`` (default: the first grouping factor). Each group's line is the
least-squares line of its fitted values on x over the group's range of x, and the black line that of
the population predictions X β̂: exactly the model's lines when x is the only predictor that varies
within a group (the sleep study), the group's fitted trend in x otherwise. With more than
``legend_at`` groups the legend names the two kinds of line, not every level, and the lines are
thinner. When x takes few values (a 0/1 indicator) the points are spread a little sideways. A model
with no numeric predictor (``y ~ 1 + (1 | g)``) puts the group's levels on the x axis instead,
ordered by their fitted means: each level's points and its fitted value as a short bar, the
population mean as a black line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.plot.figure import drawing, level_ticks, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["fitted", "x_variable"]


def x_variable(fit: FitResult, x: str | None = None) -> tuple[str, np.ndarray]:
    """The name and row values of the horizontal axis: ``x`` (a fixed-effect column or a random slope),
    else the first random slope, else the first numeric fixed-effect column."""
    rows = fit.problem.require_rows("plotting the fitted lines")
    fixed = list(fit.problem.fixed_names)
    slopes = {name: (term, k) for term in rows.terms for k, name in enumerate(term.shape.names)
              if name != "(Intercept)"}
    numeric = [name for j, name in enumerate(fixed)
               if name != "(Intercept)" and len(np.unique(rows.X[:, j])) > 2]
    if x is None:
        x = next(iter(slopes), None) or (numeric[0] if numeric else None)
        if x is None:
            raise NotationError("the model has no numeric predictor to put on the x axis",
                                hint="the fitted plot puts the groups' levels there instead")
    if x in fixed:
        return x, rows.X[:, fixed.index(x)]
    if x in slopes:
        term, k = slopes[x]
        return x, term.values[:, k]
    raise NotationError(f"{x!r} is not a column of the model", hint="choose one of: " + ", ".join(
        dict.fromkeys([*slopes, *numeric])))


def _jittered(x: np.ndarray) -> np.ndarray:
    """x as the points are drawn: spread a little sideways when x takes few values (a 0/1 indicator),
    by at most a tenth of the gap between values, the same spread every time (a fixed seed)."""
    distinct = np.unique(x)
    if len(distinct) > 12 or len(distinct) < 2:
        return x
    gap = float(np.min(np.diff(distinct)))
    return x + np.random.default_rng(0).uniform(-0.1 * gap, 0.1 * gap, len(x))


def _line(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The least-squares line of y on x, drawn over x's range."""
    ends, heights = _group_lines(x, y, np.zeros(len(x), dtype=np.int64), 1)
    return ends[0], heights[0]


def _group_lines(x: np.ndarray, y: np.ndarray, codes: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Each group's least-squares line of y on x over its range of x: (m, 2) ends and heights (NaN for a
    group without rows; a flat line at the mean where x does not vary), all groups at once."""
    count = np.bincount(codes, minlength=m).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mx = np.bincount(codes, x, m) / count
        my = np.bincount(codes, y, m) / count
        dx = x - mx[codes]
        sxx = np.bincount(codes, dx * dx, m)
        sxy = np.bincount(codes, dx * (y - my[codes]), m)
        slope = np.where(sxx > 1e-12 * np.maximum(1.0, np.bincount(codes, x * x, m)), sxy / sxx, 0.0)
    low, high = np.full(m, np.inf), np.full(m, -np.inf)
    np.minimum.at(low, codes, x)
    np.maximum.at(high, codes, x)
    ends = np.column_stack([low, high])
    ends[count == 0] = np.nan
    return ends, my[:, None] + slope[:, None] * (ends - mx[:, None])


def fitted(fit: FitResult, x: str | None = None, group: str | None = None, legend_at: int = 12) -> Figure:
    """The data and each group's fitted line (see the module docstring)."""
    rows = fit.problem.require_rows("plotting the fitted lines")
    terms = {term.shape.grouping: term for term in rows.terms}
    if not terms:
        raise NotationError("the model has no grouping factor to draw lines for")
    group = group or next(iter(terms))
    if group not in terms:
        raise NotationError(f"{group!r} is not a grouping factor of the model",
                            hint="choose one of: " + ", ".join(terms))
    term = terms[group]
    if x is None and not _has_numeric(fit):
        return _by_level(fit, group, term.codes, term.shape.levels)
    name, xs = x_variable(fit, x)
    codes, levels = term.codes, term.shape.levels
    y = rows.y
    population = rows.X @ fit.estimates.beta + rows.population()
    ends, heights = _group_lines(xs, fit.fitted.to_numpy(), codes, len(levels))
    many = len(levels) > legend_at
    dense = len(y) > 20_000
    with drawing():
        from matplotlib import colormaps
        from matplotlib.collections import LineCollection
        from matplotlib.lines import Line2D

        fig = new_figure(8.0, 4.8)
        ax = fig.add_subplot()
        colours = colormaps["tab20" if len(levels) > 10 else "tab10"]
        palette = colours(np.arange(len(levels)) % colours.N)
        ax.scatter(_jittered(xs), y, s=2 if dense else 9 if many else 14, c=palette[codes],
                   alpha=0.3 if dense else 0.8, linewidths=0, rasterized=dense)
        width = 0.9 if many else 1.4
        if len(levels) <= 100:  # one line each, named by its level
            for j, level in enumerate(levels):
                if np.isfinite(ends[j, 0]):
                    ax.plot(ends[j], heights[j], color=palette[j], linewidth=width, label=str(level))
        else:  # one collection: thousands of groups draw in one call
            segments = np.stack([ends, heights], axis=2)[np.isfinite(ends[:, 0])]
            ax.add_collection(LineCollection(list(segments), colors=palette[np.isfinite(ends[:, 0])],
                                             linewidths=0.5, alpha=0.6))
        overall = ax.plot(*_line(xs, population), color="black", linewidth=2.4, label="population")
        ax.set_xlabel(name)
        ax.set_ylabel(fit.problem.model.response_name)
        ax.set_title(f"Fitted lines per {group} ({len(levels)} groups) over the data")
        if many:  # a legend of every level would be a wall of colours: the two kinds of line instead
            each = Line2D([], [], color="0.5", linewidth=0.9, label=f"one {group} (colour)")
            ax.legend(handles=[overall[0], each], loc="center left", bbox_to_anchor=(1.01, 0.5))
        else:
            ax.legend(title=group, loc="center left", bbox_to_anchor=(1.01, 0.5), ncols=1)
    return fig


def _has_numeric(fit: FitResult) -> bool:
    try:
        x_variable(fit)
    except NotationError:
        return False
    return True


def _by_level(fit: FitResult, group: str, codes: np.ndarray, levels: tuple[str, ...]) -> Figure:
    """The levels on the x axis (ordered by fitted mean): points, each level's fitted value, the mean."""
    rows = fit.problem.require_rows("plotting the fitted values")
    values = fit.fitted.to_numpy()
    means = np.array([values[codes == j].mean() if np.any(codes == j) else np.nan
                      for j in range(len(levels))])
    order = np.argsort(means, kind="stable")
    position = np.empty(len(levels))
    position[order] = np.arange(len(levels))
    population = float(np.mean(rows.X @ fit.estimates.beta + rows.population()))
    with drawing():
        fig = new_figure(min(2.0 + 0.28 * len(levels), 12.0), 4.6)
        ax = fig.add_subplot()
        ax.scatter(position[codes], rows.y, s=12, color="#1f4e79", alpha=0.6, linewidths=0, label="data")
        ax.hlines(means[order], np.arange(len(levels)) - 0.35, np.arange(len(levels)) + 0.35,
                  color="#c0392b", linewidth=2.0, label=f"fitted ({group})")
        ax.axhline(population, color="black", linewidth=1.6, label="population")
        level_ticks(ax, [str(levels[j]) for j in order], "x", most=60)
        ax.tick_params(axis="x", rotation=0 if len(levels) <= 30 else 90)
        ax.set_xlabel(group)
        ax.set_ylabel(fit.problem.model.response_name)
        ax.set_title(f"Fitted values per {group} ({len(levels)} groups) over the data")
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig
