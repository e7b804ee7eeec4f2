"""Model + an engine's table → :class:`~notation.design.problem.FitProblem` without the rows.

Contract: :func:`compile_table` gives the problem :func:`~notation.design.compile.compile_design`
gives for the same data — the same names, levels, checks and messages, the same standardisation
of [X y] and the same Gram blocks to rounding — computed from sums the engine returns, in passes:
the census (levels, group sizes, rows dropped), the fixed columns' moments (means, centred cross
products, R's rank check), then the Gram blocks of [Z X̃ r] grouped by each term's grouping factor
(Z₁ᵀZ₁ per level, Z₁ᵀ[X̃ r], and [X̃ r]ᵀ[X̃ r] summed over the first factor's groups), by each later
term's, and by both factors of every pair of terms (the sparse Z_kᵀZ_l of crossed designs, and how
far the factors nest). r = y − X̃γ is divided by its root mean square s once summed, so ỹ = r/s as
:mod:`notation.design.standardize` defines it. The problem has ``rows=None``; :class:`TableRows`
lets reports ask the engine for residual quantiles. ``progress`` hears the name of each pass.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sparse

from notation.data.engines.census import Census, GroupingLevels, grouping_levels, take_census
from notation.data.engines.moments import Moments, coded_vectors, fixed_moments
from notation.data.engines.table import Effects, Table
from notation.data.engines.vectors import Combination, Request, Shifted, Vector, one
from notation.data.rank import rank_message, scale_message_sd
from notation.design.compile import _check_levels, lme4_order
from notation.design.gram import Gram
from notation.design.problem import FitProblem, Statistics, TermShape
from notation.design.standardize import _EXACT, Standardization
from notation.errors import SpecMeaningError
from notation.ir import SpecLike, as_spec

__all__ = ["TableRows", "compile_table"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Term:
    shape: TermShape
    found: GroupingLevels | None  # None until the first GROUP BY when the model has one grouping factor
    vectors: tuple[Vector, ...]

    @property
    def grouping(self) -> GroupingLevels:
        assert self.found is not None, "the grouping factor's levels are found by the first GROUP BY"
        return self.found


@dataclass(frozen=True)
class TableRows:
    """What the engine needs to compute per-row results of a fit on its rows."""

    table: Table
    census: Census
    fixed: tuple[Vector, ...]  # the kept columns of X, in the data's units
    response: Vector  # y − offsets
    terms: tuple[_Term, ...]
    progress: Progress | None = None

    def residual_quantiles(self, beta: np.ndarray, effects: Sequence[np.ndarray],
                           probabilities: Sequence[float]) -> np.ndarray:
        """Quantiles of y − offset − Xβ − Σ Z_k b_k over the rows, computed by the engine."""
        if self.progress is not None:
            self.progress(f"{self.table.engine}: residual quantiles (two passes)")
        vector = Combination(((1.0, self.response), *((-float(b), x) for b, x in
                                                      zip(beta, self.fixed, strict=True))))
        terms = [Effects(t.grouping.columns, t.grouping.keys, np.asarray(e, dtype=np.float64), t.vectors)
                 for t, e in zip(self.terms, effects, strict=True)]
        return self.table.quantiles(vector, terms, self.census.coding, probabilities)


def compile_table(spec: SpecLike, table: Table, progress: Progress | None = None) -> FitProblem:
    """Compile ``spec``'s model on ``table``; see the module docstring."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if progress is not None:
            progress(f"{table.engine}: {message} ({time.perf_counter() - started:.1f} s)")

    model = as_spec(spec).model
    if not model.random:
        raise SpecMeaningError("the model has no random-effect terms",
                               hint="add a term such as (1 | group); for a plain linear model use lm()")
    # with one grouping factor its levels come with the first term's Gram blocks: one GROUP BY less
    single = len(model.groupings) == 1
    say("pass 1/4: rows, levels and group sizes")
    census = take_census(spec, table, groupings=not single)
    messages = list(census.messages)
    unordered = []
    for block in model.random:
        names, vectors = coded_vectors(block.intercept, block.terms, census)
        grouping = None if single else census.grouping(block.grouping)
        shape = TermShape(":".join(block.grouping), names, grouping.labels if grouping else (), block)
        unordered.append(_Term(shape, grouping, vectors))
    terms = lme4_order(unordered)
    say("pass 2/4: means and cross products of the fixed effects")
    moments = fixed_moments(model, census, tuple(v for t in terms for v in t.vectors))
    kept = list(moments.kept)
    if len(kept) < len(moments.names):
        messages.append(rank_message(len(moments.names) - len(kept)))
    scale = _scale_message(moments, kept)
    if scale:
        messages.append(scale)
    if not single:
        _check_levels(tuple(t.shape for t in terms), census.nobs)
    scaling = _standardization(moments, kept)
    say("pass 3/4: Gram blocks of the first grouping factor")
    gram, crossing, terms = _gram(census, terms, moments, kept, scaling, say)
    shapes = tuple(t.shape for t in terms)
    if single:
        _check_levels(shapes, census.nobs)
    s = math.sqrt(gram.tail[-1, -1] / census.nobs)
    exact = not (s > _EXACT * moments.response_largest and math.isfinite(s))
    if exact:  # the fixed effects explain y to rounding: fit y itself, as standardize() does
        scaling = Standardization(scaling.centre, scaling.scale, np.zeros(len(kept)), 1.0, scaling.intercept)
        gram, crossing, terms = _gram(census, terms, moments, kept, scaling, say)
    else:
        gram = _divide_response(gram, s)
        scaling = Standardization(scaling.centre, scaling.scale, scaling.gamma, s, scaling.intercept)
    names = tuple(moments.names[j] for j in kept)
    statistics = Statistics(gram, shapes, names, census.nobs, crossing, scaling)
    rows = TableRows(census.table, census, tuple(moments.vectors[j] for j in kept), moments.response,
                     tuple(terms), progress)
    levels = {name: f.labels for name, f in census.factors.items()}
    return FitProblem(statistics, model.response_name, model, levels, tuple(messages), None,
                      engine=table.engine, source=rows)


def _scale_message(moments: Moments, kept: list[int]) -> str | None:
    n = moments.nobs
    continuous = [j for j in kept if not moments.binary[j]]
    if not continuous or n < 2:
        return None
    about_mean = np.array([moments.cross[j, j] - (0.0 if moments.intercept is not None
                                                  else n * moments.means[j] ** 2) for j in continuous])
    return scale_message_sd(np.sqrt(np.maximum(about_mean, 0.0) / (n - 1)))


def _standardization(moments: Moments, kept: list[int]) -> Standardization:
    """centre, scale and γ of the kept columns (s = 1 until r's sum of squares is known)."""
    n, p = moments.nobs, len(kept)
    intercept = kept.index(moments.intercept) if moments.intercept in kept else None
    cross = moments.cross[np.ix_([*kept, -1], [*kept, -1])]
    centre = moments.centre[kept].copy()
    spread = np.sqrt(np.maximum(np.diag(cross)[:p], 0.0) / n)
    scale = np.where(spread > 0, spread, 1.0)
    if intercept is not None:
        scale[intercept] = 1.0
        centre[intercept] = 0.0
    others = [j for j in range(p) if j != intercept]
    gamma = np.zeros(p)
    if others:
        xx = cross[np.ix_(others, others)] / np.outer(scale[others], scale[others])
        xy = cross[others, p] / scale[others]
        gamma[others] = np.linalg.lstsq(xx, xy, rcond=None)[0]
    if intercept is not None:
        gamma[intercept] = moments.response_centre
    return Standardization(centre, scale, gamma, 1.0, intercept)


def _tail_vectors(moments: Moments, kept: list[int], scaling: Standardization) -> list[Vector]:
    """[X̃ r]: the kept columns centred and scaled, and r = y − X̃γ."""
    columns: list[Vector] = []
    for k, j in enumerate(kept):
        vector = moments.vectors[j]
        columns.append(vector if k == scaling.intercept else
                       Shifted(vector, float(scaling.centre[k]), float(scaling.scale[k])))
    parts = tuple((-float(g), c) for g, c in zip(scaling.gamma, columns, strict=True) if g != 0.0)
    columns.append(Combination(((1.0, moments.response), *parts)) if parts else moments.response)
    return columns


def _gram(census: Census, terms: list[_Term], moments: Moments, kept: list[int], scaling: Standardization,
          say: Progress) -> tuple[Gram, np.ndarray, list[_Term]]:
    table, coding = census.table, census.coding
    tail_vectors = _tail_vectors(moments, kept, scaling)
    width = len(tail_vectors)
    first, others = terms[0], terms[1:]
    q1 = first.shape.q
    lower = [(a, b) for a in range(q1) for b in range(a + 1)]
    tail_pairs = [(c, d) for c in range(width) for d in range(c + 1)]
    # [X̃ r]ᵀ[X̃ r] in a pass of its own: per group it would double the GROUP BY's state (1M groups: the
    # difference between a hash table that fits DuckDB's memory limit and one that spills)
    products = [Request("sum", tail_vectors[c], tail_vectors[d]) for c, d in tail_pairs]
    _, sums = table.aggregate((), products, coding)
    tail = np.zeros((width, width))
    for (c, d), value in zip(tail_pairs, sums[0], strict=True):
        tail[c, d] = tail[d, c] = float(value)
    requests = ([Request("sum", first.vectors[a], first.vectors[b]) for a, b in lower]
                + [Request("sum", first.vectors[a], tail_vectors[c])
                   for a in range(q1) for c in range(width)])
    pending = first.found is None  # the levels come from this GROUP BY: count the rows too
    columns = tuple(first.shape.block.grouping) if pending else first.grouping.columns
    asked = [*requests, Request("sum", one())] if pending else requests
    keys, values = table.aggregate(columns, asked, coding)
    if pending:
        counted = keys.assign(__n=np.rint(values[:, -1]).astype(np.int64))
        grouping = grouping_levels(columns, counted, census.kinds)
        terms = [replace(t, found=grouping, shape=replace(t.shape, levels=grouping.labels)) for t in terms]
        first, others, values = terms[0], terms[1:], values[:, :-1]
    codes = first.grouping.codes(keys)
    m1 = first.shape.nlevels
    diag = np.zeros((q1, q1, m1))
    for k, (a, b) in enumerate(lower):
        diag[a, b, codes] = diag[b, a, codes] = values[:, k]
    offset = len(lower)
    first_tail = np.zeros((q1, width, m1))
    for a in range(q1):
        for c in range(width):
            first_tail[a, c, codes] = values[:, offset]
            offset += 1
    starts = np.cumsum([0] + [t.shape.size for t in others])
    nz = int(starts[-1])
    later_tail = np.zeros((nz, width))
    later_parts: list[sparse.coo_matrix] = []
    rest_first = sparse.csr_matrix((nz, m1 * q1))
    crossing = np.zeros((len(terms), len(terms)))
    for i, term in enumerate(others):
        if i == 0:
            say("pass 4/4: Gram blocks of the later grouping factors")
        q, start = term.shape.q, int(starts[i])
        lower_k = [(a, b) for a in range(q) for b in range(a + 1)]
        requests = ([Request("sum", term.vectors[a], term.vectors[b]) for a, b in lower_k]
                    + [Request("sum", term.vectors[a], tail_vectors[c])
                       for a in range(q) for c in range(width)])
        keys, values = table.aggregate(term.grouping.columns, requests, coding)
        level = term.grouping.codes(keys)
        for k, (a, b) in enumerate(lower_k):
            rows_, cols_ = start + level * q + a, start + level * q + b
            later_parts.append(sparse.coo_matrix((values[:, k], (rows_, cols_)), shape=(nz, nz)))
            if a != b:
                later_parts.append(sparse.coo_matrix((values[:, k], (cols_, rows_)), shape=(nz, nz)))
        for a in range(q):
            for c in range(width):
                later_tail[start + level * q + a, c] = values[:, len(lower_k) + a * width + c]
        block, shares = _cross(census, first, term, 0, start, nz, m1 * q1)
        rest_first = rest_first + block
        crossing[0, i + 1] = shares
        for j, other in enumerate(others[:i]):  # Z_otherᵀ Z_term, both triangles of `later`
            block, shares = _cross(census, other, term, int(starts[j]), start, nz, nz)
            later_parts += [block.tocoo(), block.T.tocoo()]
            crossing[j + 1, i + 1] = shares
    later = (sum(later_parts, sparse.csr_matrix((nz, nz))) if later_parts
             else sparse.csr_matrix((nz, nz))).tocsr()
    labels = tuple(f"({t.shape.written})" for t in others)
    gram = Gram(diag, first_tail, rest_first.tocsr(), later, later_tail, tail, labels)
    return gram, crossing, terms


def _cross(census: Census, finer: _Term, coarser: _Term, finer_start: int, coarser_start: int, nrows: int,
           ncols: int) -> tuple[sparse.csr_matrix, float]:
    """Z_coarserᵀ Z_finer as a sparse (nrows × ncols) block — rows at ``coarser_start`` (a later term),
    columns at ``finer_start`` — and the share of ``finer``'s levels that meet more than one level of
    ``coarser``."""
    qf, qc = finer.shape.q, coarser.shape.q
    columns = tuple(dict.fromkeys(finer.grouping.columns + coarser.grouping.columns))
    requests = [Request("sum", coarser.vectors[a], finer.vectors[b]) for a in range(qc) for b in range(qf)]
    keys, values = census.table.aggregate(columns, requests, census.coding)
    f = finer.grouping.codes(keys)
    c = coarser.grouping.codes(keys)
    rows_, cols_, data = [], [], []
    for k, (a, b) in enumerate((a, b) for a in range(qc) for b in range(qf)):
        rows_.append(coarser_start + c * qc + a)
        cols_.append(finer_start + f * qf + b)
        data.append(values[:, k])
    block = sparse.coo_matrix((np.concatenate(data), (np.concatenate(rows_), np.concatenate(cols_))),
                              shape=(nrows, ncols)).tocsr()
    meets = np.bincount(f, minlength=finer.shape.nlevels)
    return block, float(np.mean(meets > 1))


def _divide_response(gram: Gram, s: float) -> Gram:
    """ỹ = r/s: the response's row and column of every block divided by s (its square on the diagonal)."""
    first_tail = gram.first_tail.copy()
    first_tail[:, -1, :] /= s
    later_tail = gram.later_tail.copy()
    later_tail[:, -1] /= s
    tail = gram.tail.copy()
    tail[-1, :] /= s
    tail[:, -1] /= s
    return Gram(gram.first, first_tail, gram.rest_first, gram.later, later_tail, tail, gram.later_terms)
