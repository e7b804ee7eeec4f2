"""The sparsity image of Z, the random-effects model matrix, as seed 000 draws it for its doctors.

Contract: :func:`z` draws Z's structure — rows are observations, columns the random effects, grouped by
term (level j's q columns side by side, as lme4 orders them) — filled where an entry is stored (the
observation belongs to the level; a slope's stored zero counts: it is structure, not a value). With
``levels`` only the first that many levels of each term are kept, and the rows that belong to them (seed
000's "first 10 doctors": 252 × 10). Up to ``_EXACT`` cells each side the image is exact; a larger Z is
binned (the share of filled cells in each pixel block). Columns are labelled by grouping, level and
term column — every one up to ``most_labels`` columns, every k-th beyond — and a red line parts the
terms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sparse

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.plot.figure import drawing, level_ticks, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["z", "z_structure"]

_EXACT = 1200


def z_structure(fit: FitResult, levels: int | None = None) -> tuple[sparse.csr_matrix, list[str],
                                                                     list[tuple[str, int, int]]]:
    """Z's stored pattern (rows × columns of ones), each column's label and each term's column span."""
    rows = fit.problem.require_rows("drawing Z")
    if not rows.terms:
        raise NotationError("the model has no random effects: Z has no columns")
    if levels is not None and levels < 1:
        raise NotationError(f"levels must be at least 1, not {levels}")
    blocks, labels, spans, start = [], [], [], 0
    for term in rows.terms:
        shape = term.shape
        kept = shape.nlevels if levels is None else min(levels, shape.nlevels)
        pattern = term.matrix()[:, : kept * shape.q].tocsr()
        pattern.data = np.ones_like(pattern.data)
        blocks.append(pattern)
        names = [f"{shape.grouping} {level}" + (f" {column}" if shape.q > 1 else "")
                 for level in shape.levels[:kept] for column in shape.names]
        labels += names
        spans.append((shape.grouping, start, start + len(names)))
        start += len(names)
    matrix = sparse.hstack(blocks, format="csr")
    if levels is not None:
        matrix = matrix[np.flatnonzero(matrix.getnnz(axis=1) > 0)]
    return matrix, labels, spans


def _image(matrix: sparse.csr_matrix) -> np.ndarray:
    """The exact 0/1 image, or the share of filled cells in each block when a side exceeds ``_EXACT``."""
    n, m = matrix.shape
    if n <= _EXACT and m <= _EXACT:
        return matrix.toarray() > 0
    coo = matrix.tocoo()
    bins = (min(n, _EXACT), min(m, _EXACT))
    counts, _, _ = np.histogram2d(coo.row, coo.col, bins=bins, range=[[0, n], [0, m]])
    cell = (n / bins[0]) * (m / bins[1])
    return np.minimum(counts / cell * 4.0, 1.0)  # a block with a quarter filled shows black


def z(fit: FitResult, levels: int | None = None, most_labels: int = 40) -> Figure:
    """Z's sparsity image (see the module docstring)."""
    matrix, labels, spans = z_structure(fit, levels)
    n, m = matrix.shape
    image = _image(matrix)
    with drawing():
        fig = new_figure(min(2.4 + 0.22 * m, 8.0) if m <= most_labels else 8.0, 6.4)
        ax = fig.add_subplot()
        ax.imshow(image, aspect="auto", interpolation="nearest", cmap="Greys", vmin=0, vmax=1,
                  extent=(-0.5, m - 0.5, n - 0.5, -0.5))
        level_ticks(ax, labels, "x", most_labels)
        for _, a, _ in spans[1:]:
            ax.axvline(a - 0.5, color="#c0392b", linewidth=0.8)
        ax.set_xlabel("random effect (column of Z)")
        ax.set_ylabel("observation (row of Z)")
        shown = "" if levels is None else f", first {levels} levels"
        ax.set_title(f"Z: {n:,} × {m:,}{shown}, {matrix.nnz:,} stored entries")
        ax.spines["top"].set_visible(True)
        ax.spines["right"].set_visible(True)
    return fig
