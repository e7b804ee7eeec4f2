"""Pictures of a fit: an optional extra (``pip install 'notation[plot]'``, matplotlib); nothing imports it.

Contract (DESIGN.md §11): one module per kind, each ``kind(fit, **options) -> matplotlib.figure.Figure``
over any :class:`~notation.fitting.FitResult` (``notation.fit``'s FittedModel): :func:`caterpillar`
(conditional modes ± intervals from their conditional variances), :func:`fitted` (per-group lines over
the data), :func:`residuals` (against fitted values), :func:`qq` (normal QQ of the residuals and of each
random effect), :func:`z` (the sparsity image of Z) and :func:`profile` (ζ plots). :func:`plot` runs a
kind by name; :func:`save` writes a figure as PNG, SVG or PDF by the file's extension. Without
matplotlib every kind raises a :class:`~notation.errors.NotationError` saying how to install it;
importing this package never needs it. Figures are made without pyplot (no global state; Jupyter shows
them inline).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.plot.caterpillar import caterpillar
from notation.plot.figure import FORMATS, INSTALL_HINT, save
from notation.plot.fitted import fitted
from notation.plot.profile import profile
from notation.plot.qq import qq
from notation.plot.residuals import residuals
from notation.plot.z import z

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "INSTALL_HINT", "KINDS", "caterpillar", "fitted", "plot", "profile", "qq", "residuals",
           "save", "z"]

KINDS: dict[str, Callable[..., Figure]] = {
    "caterpillar": caterpillar,
    "fitted": fitted,
    "residuals": residuals,
    "qq": qq,
    "z": z,
    "profile": profile,
}


def plot(kind: str, fit: FitResult, **options: Any) -> Figure:
    """The figure of ``kind`` (one of :data:`KINDS`) for ``fit``; ``options`` go to that kind."""
    if kind not in KINDS:
        raise NotationError(f"unknown plot kind {kind!r}", hint="choose one of: " + ", ".join(KINDS))
    return KINDS[kind](fit, **options)
