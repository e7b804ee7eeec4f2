"""The second and third passes: the fixed-effect columns' first and centred second moments.

Contract: :func:`fixed_moments` codes X by the IR's plan (:func:`notation.ir.code_terms` on the
census's levels, lme4's names), checks what the in-memory design checks, with its messages (a
text column used as a number, values that are not finite, magnitudes whose squares overflow, a
constant response, a factor with one level under contrasts), and returns :class:`Moments`: column
means, the cross products of [X y] about them (about 0 without an intercept: the centring
:mod:`notation.design.standardize` uses) — subtracting the means before multiplying, so that a
large common offset costs no digits — and the columns R's rank check keeps, found from those sums by
:func:`~notation.data.rank.independent_columns_gram`. ``y`` is the response less its offsets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from notation.data.engines.census import Census
from notation.data.engines.vectors import Coded, Combination, Request, Shifted, Vector, expression, one
from notation.data.model_matrix import check_contrast_levels
from notation.data.rank import independent_columns_gram
from notation.errors import DataError
from notation.ir import Model, Term, code_terms, expression_name, is_categorical

__all__ = ["Moments", "coded_vectors", "fixed_moments"]

_LARGEST = 1e150


@dataclass(frozen=True)
class Moments:
    """Sums over the complete rows of the fixed-effect columns (all of them, before the rank check)."""

    names: tuple[str, ...]
    vectors: tuple[Vector, ...]
    response: Vector  # y − offsets
    intercept: int | None
    nobs: int
    means: np.ndarray  # (p,)
    centre: np.ndarray  # (p,): the means with an intercept (0 for it), else 0
    cross: np.ndarray  # (p + 1, p + 1): [X y] about (centre, response centre); the intercept's entries 0
    response_centre: float
    response_largest: float  # max |y − offsets|
    binary: np.ndarray  # (p,) bool: the column holds only 0 and 1
    kept: tuple[int, ...]  # the columns R's rank check keeps


def coded_vectors(intercept: bool, terms: tuple[Term, ...], census: Census
                  ) -> tuple[tuple[str, ...], tuple[Vector, ...]]:
    """The model-matrix columns of ``intercept + terms`` as vectors, with lme4's names."""
    names: list[str] = ["(Intercept)"] if intercept else []
    vectors: list[Vector] = [one()] if intercept else []
    for coded in code_terms(intercept, terms, census.levels):
        for factor in coded.contrasts:
            levels = census.levels(factor)
            assert levels is not None
            check_contrast_levels(factor, levels)
        for column in coded.columns:
            names.append(column.name)
            vectors.append(Coded(column))
    return tuple(names), tuple(vectors)


def response_vector(model: Model) -> Vector:
    y = expression(model.response, model.response_name)
    if not model.offsets:
        return y
    return Combination(((1.0, y), *((-1.0, expression(o, label))
                                    for o, label in zip(model.offsets, model.offset_labels, strict=True))))


def _numeric_factors(model: Model, vectors: tuple[Vector, ...]) -> list[sp.Expr]:
    found: dict[sp.Expr, None] = {model.response: None, **dict.fromkeys(model.offsets)}
    for vector in vectors:
        if isinstance(vector, Coded):
            found.update({f: None for f, level in vector.column.factors if level is None})
    return list(found)


def _check_numeric(census: Census, factors: list[sp.Expr]) -> None:
    """A text or logical column read as a number: the in-memory design's refusal."""
    for factor in factors:
        for symbol in sorted(factor.free_symbols, key=str):
            name = str(symbol)
            kind = census.kinds.get(name)
            if kind is None or not is_categorical(kind):
                continue
            if kind == "logical":
                raise DataError(f"column {name!r} is logical (TRUE/FALSE), but the model uses it as a number",
                                hint=f"give {name!r} as 0/1 numbers, or use it as a factor term (`~ {name}`)")
            raise DataError(f"column {name!r} holds text, but the model uses it as a number",
                            hint=f"use {name!r} as a plain factor term (e.g. `~ {name}`) or give numeric "
                                 "values")


def fixed_moments(model: Model, census: Census, random_vectors: tuple[Vector, ...] = ()) -> Moments:
    """Two passes over the complete rows; see the module docstring. ``random_vectors`` are checked for
    finite values in the first."""
    names, vectors = coded_vectors(model.intercept, model.fixed, census)
    raw_y = expression(model.response, model.response_name)
    y = response_vector(model)
    factors = _numeric_factors(model, vectors + random_vectors)
    _check_numeric(census, factors)
    p, n, table, coding = len(names), census.nobs, census.table, census.coding
    requests = [Request("nonfinite", expression(f, expression_name(f))) for f in factors]
    requests += [Request("min", raw_y), Request("max", raw_y), Request("maxabs", raw_y),
                 Request("sum", y), Request("maxabs", y)]
    for vector in vectors:
        requests += [Request("sum", vector), Request("maxabs", vector), Request("nonbinary", vector)]
    _, values = table.aggregate((), requests, coding)
    row = values[0]
    for factor, bad in zip(factors, row[:len(factors)], strict=True):
        if bad > 0:
            raise DataError(f"{expression_name(factor)} is not finite in {int(bad)} row(s)",
                            hint="check the variable's range (log needs positive values, sqrt non-negative)")
    low, high, y_largest, y_sum, fitted_largest = row[len(factors):len(factors) + 5]
    per_column = row[len(factors) + 5:].reshape(p, 3) if p else np.empty((0, 3))
    if low == high:
        raise DataError(f"the response {model.response_name!r} is constant ({low:g}) on all {n} rows",
                        hint="a mixed model needs a response that varies")
    _check_magnitude(model.response_name, y_largest)
    for name, largest in zip(names, per_column[:, 1], strict=True):
        _check_magnitude(name, largest)
    intercept = 0 if model.intercept else None
    means = per_column[:, 0] / n
    centre = means.copy() if intercept is not None else np.zeros(p)
    if intercept is not None:
        centre[intercept] = 0.0
    y_centre = y_sum / n if intercept is not None else 0.0
    columns = [Shifted(v, float(c), 1.0) for j, (v, c) in enumerate(zip(vectors, centre, strict=True))
               if j != intercept] + [Shifted(y, float(y_centre), 1.0)]
    index = [j for j in range(p) if j != intercept] + [p]
    pairs = [(a, b) for a in range(len(columns)) for b in range(a + 1)]
    _, sums = table.aggregate((), [Request("sum", columns[a], columns[b]) for a, b in pairs], coding)
    cross = np.zeros((p + 1, p + 1))
    for (a, b), value in zip(pairs, sums[0], strict=True):
        cross[index[a], index[b]] = cross[index[b], index[a]] = value
    gram = cross[:p, :p].copy()
    norms = np.sqrt(np.maximum(np.diag(gram) + n * (means**2 if intercept is not None else 0.0), 0.0))
    if intercept is not None:
        gram[intercept, intercept] = n
        norms[intercept] = math.sqrt(n)
    kept = tuple(independent_columns_gram(gram, norms))
    return Moments(names, vectors, y, intercept, n, means, centre, cross, float(y_centre),
                   float(fitted_largest),
                   per_column[:, 2] == 0, kept)


def _check_magnitude(name: str, largest: float) -> None:
    if largest > _LARGEST:
        raise DataError(f"{name!r} has values as large as {largest:.3g}: "
                        "their squares overflow double precision",
                        hint=f"rescale {name!r} (e.g. divide it by a power of ten) before fitting")
