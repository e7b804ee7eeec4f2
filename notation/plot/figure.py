"""What every plot shares: matplotlib (an optional extra), the figure, its panels, level labels, saving.

Contract: :func:`drawing` is the style every plot is drawn in, and raises a
:class:`~notation.errors.NotationError` saying how to install matplotlib (``pip install
'notation[plot]'``) when it is absent; matplotlib is imported inside these functions, so ``import
notation.plot`` works without it. :func:`new_figure` makes a constrained-layout
:class:`matplotlib.figure.Figure` (no pyplot, no global state: the file's extension picks the
writer). :func:`panel_shape` lays n panels out in rows of at most ``columns``; :func:`level_ticks`
labels a levels axis, thinned to at most ``most`` labels; :func:`save` writes PNG, SVG or PDF by the
file's extension.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notation.errors import NotationError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "INSTALL_HINT", "drawing", "level_ticks", "new_figure", "panel_shape", "save"]

FORMATS = ("png", "svg", "pdf")
INSTALL_HINT = "install the plotting extra: pip install 'notation[plot]' (it adds matplotlib)"
_PNG_DPI = 150
_MAX_INCHES = 16.0  # the longest side of any figure: many levels thin their labels, they do not grow it


_STYLE = {"font.size": 9.0, "axes.titlesize": 9.5, "axes.labelsize": 9.0, "xtick.labelsize": 8.0,
          "ytick.labelsize": 8.0, "axes.spines.top": False, "axes.spines.right": False,
          "legend.fontsize": 8.0, "legend.frameon": False}
# SVG keeps its text as text (labels stay searchable and editable), PDF embeds TrueType fonts
_SAVE_STYLE = {"svg.fonttype": "none", "pdf.fonttype": 42}


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise NotationError("plots need matplotlib, which is not installed", hint=INSTALL_HINT) from None
    return matplotlib


@contextlib.contextmanager
def drawing() -> Iterator[None]:
    """The toolkit's style while a plot is drawn (matplotlib reads it as artists are made)."""
    with _matplotlib().rc_context(_STYLE):
        yield


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` × ``height`` inches (each capped), laid out without overlapping text."""
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    size = (min(width, _MAX_INCHES), min(height, _MAX_INCHES))
    return Figure(figsize=size, layout=ConstrainedLayoutEngine(h_pad=0.06, w_pad=0.06))


def panel_shape(n: int, columns: int = 3) -> tuple[int, int]:
    """(rows, columns) for n panels, at most ``columns`` side by side."""
    cols = max(1, min(n, columns))
    return math.ceil(n / cols), cols


def level_ticks(ax: Axes, labels: Sequence[str], axis: str = "y", most: int = 40) -> None:
    """Label positions 0 … n−1 of ``axis`` with ``labels``, every k-th when there are more than ``most``
    (none beyond 2000: they would be a black bar)."""
    n = len(labels)
    step = 1 if n <= most else math.ceil(n / most)
    positions = list(range(0, n, step)) if n <= 2000 else []
    shown = [str(labels[k]) for k in positions]
    if axis == "y":
        ax.set_yticks(positions, shown)
    else:
        ax.set_xticks(positions, shown, rotation=90)


def save(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` to ``path`` as PNG, SVG or PDF, chosen by the extension."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise NotationError(f"cannot write a plot as {path.suffix or 'a file without an extension'!r}",
                            hint="name the output file .png, .svg or .pdf")
    try:
        with _matplotlib().rc_context({**_STYLE, **_SAVE_STYLE}):  # ticks made as it draws: same style
            fig.savefig(path, format=kind, dpi=_PNG_DPI if kind == "png" else "figure")
    except OSError as exc:
        raise NotationError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    return path
