"""lmerTest's hypothesis matrices of the fixed-effect terms: types I, II and III.

Contract: :func:`term_contrasts` returns, per model term (R's order), the contrast matrix L (rows ×
fixed effects) that lmerTest's ``anova(fit, type = ...)`` tests, computed as lmerTest does —
type 1: rows of t(doolittle(XᵀX)$L); type 2: a term without higher-order relatives tests its own
coefficients (``marginal``), others the doolittle rows with the term and its relatives moved last;
type 3: ``extract_contrasts_type3``, the rank-deficient ("cell") coding of each term expressed in X's
coefficients, made orthogonal to the terms containing it. lmerTest obtains the coefficients of the
cell coding by ginv(X)·rdX on the rows; here they come from the coding itself (a reference-level
indicator is 1 − the other indicators), which is the same exact linear identity, without rows.
XᵀX is the Gram block of the fit in the data's units (the fitter's blocks are of standardised X).
Containment is lmerTest's: F₁ ⊂ F₂ when F₂ has every variable of F₁ and more, and both have the
same numeric variables.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import sympy as sp

from notation.errors import NotationError
from notation.fitting import FitResult
from notation.ir import code_terms, expression_name

__all__ = ["doolittle", "term_contrasts", "zapsmall"]

Monomial = frozenset[tuple[str, str]]  # indicators multiplied: (factor, level), …
Key = tuple[Monomial, tuple[str, ...]]  # (categorical factor = level, …), numerics


def term_contrasts(result: FitResult, type: int = 3) -> dict[str, np.ndarray]:
    problem = result.problem
    plan = _plan(problem)
    names = list(problem.fixed_names)
    columns = {label: [names.index(c) for c in cols if c in names] for label, cols, _ in plan}
    XtX = problem.statistics.original_gram.tail[:-1, :-1]  # the data's X, as lmerTest's
    p = len(names)
    labels = [label for label, _, _ in plan]
    if p == 0 or not labels:
        return {}
    if type == 1 or (p <= 1 or len(labels) <= 1):
        L = np.eye(1) if p == 1 else doolittle(XtX).T
        return {label: L[columns[label]] for label in labels}
    contains = _containment(plan)
    if type == 2:
        out = {}
        for label in labels:
            if not contains[label]:
                out[label] = np.eye(p)[columns[label]]
                continue
            moved = [c for t in [label, *contains[label]] for c in columns[t]]
            order = [c for c in range(p) if c not in moved] + moved
            Lc = doolittle(XtX[np.ix_(order, order)]).T
            rows = [order.index(c) for c in columns[label]]
            back = np.empty(p, dtype=int)
            back[order] = np.arange(p)
            out[label] = Lc[rows][:, back]
        return out
    if type == 3:
        return _type3(problem, plan, names, columns, contains)
    raise NotationError(f"unknown anova type {type}", hint="use 1, 2 or 3")


def _plan(problem: Any) -> list[tuple[str, list[str], list[tuple[Key, str]]]]:
    """Per term: its label, its X column names and (key, name) of each X column."""
    model = problem.model
    levels = problem.factor_levels

    def level_of(factor: sp.Expr) -> tuple[str, ...] | None:
        return levels.get(expression_name(factor))

    out = []
    for coded in code_terms(model.intercept, model.fixed, level_of):
        cols = [(_key(c.factors), c.name) for c in coded.columns]
        out.append((coded.term.label, [n for _, n in cols], cols))
    return out


def _key(factors: Any) -> Key:
    categorical = frozenset((expression_name(f), level) for f, level in factors if level is not None)
    numeric = tuple(sorted(expression_name(f) for f, level in factors if level is None))
    return categorical, numeric


def _containment(plan: list[tuple[str, list[str], list[tuple[Key, str]]]]) -> dict[str, list[str]]:
    variables = {}
    for label, _, cols in plan:
        key = cols[0][0] if cols else (frozenset(), ())
        variables[label] = ({v for v, _ in key[0]} | set(key[1]), set(key[1]))
    out = {}
    for label, (vars1, num1) in variables.items():
        out[label] = [other for other, (vars2, num2) in variables.items()
                      if vars1 < vars2 and num1 == num2]
    return out


def _type3(problem: Any, plan: list[tuple[str, list[str], list[tuple[Key, str]]]], names: list[str],
           columns: dict[str, list[int]], contains: dict[str, list[str]]) -> dict[str, np.ndarray]:
    basis = {key: names.index(name) for _, _, cols in plan for key, name in cols if name in names}
    if "(Intercept)" in names:
        basis[(frozenset(), ())] = names.index("(Intercept)")
    cells: list[Key] = [(frozenset(), ())] if problem.model.intercept else []
    for label, _, cols in plan:
        cells += _cells(label, cols, problem.factor_levels)
    p = len(names)
    L = np.array([_in_basis(cell, basis, problem.factor_levels, p) for cell in cells])  # rdX rows × p
    L = zapsmall(L)
    orders = {label: len(label.split(":")) for label, _, _ in plan}
    for label in sorted(orders, key=lambda t: -orders[t]):  # R's order(…, decreasing = TRUE)
        if contains[label]:
            x = L[:, [c for t in contains[label] for c in columns[t]]]
            y = L[:, columns[label]]
            L[:, columns[label]] = zapsmall(y - x @ np.linalg.lstsq(x, y, rcond=None)[0])
    rows = [cells.index(key) for key in _x_keys(plan, names, problem.model.intercept)]
    L = L[rows]
    out = {}
    for label, _, _ in plan:
        Lt = L[:, columns[label]].T
        out[label] = Lt[np.abs(Lt).sum(axis=1) > 1e-8]
    return out


def _x_keys(plan: list[tuple[str, list[str], list[tuple[Key, str]]]], names: list[str], intercept: bool
            ) -> list[Key]:
    keys: dict[str, Key] = {name: key for _, _, cols in plan for key, name in cols}
    if intercept:
        keys["(Intercept)"] = (frozenset(), ())
    return [keys[name] for name in names]


def _cells(label: str, cols: list[tuple[Key, str]], levels: dict[str, tuple[str, ...]]) -> list[Key]:
    """The columns of ``model.matrix(~ 0 + term)``: every level of each categorical factor (the first
    factor varying fastest), times the numeric ones."""
    key = cols[0][0]
    factors = [v for v in label.split(":")]
    categorical = [f for f in factors if f in {v for v, _ in key[0]}]
    combos = itertools.product(*[levels[f] for f in reversed(categorical)])
    return [(frozenset(zip(reversed(categorical), combo, strict=True)), key[1]) for combo in combos]


def _in_basis(cell: Key, basis: dict[Key, int], levels: dict[str, tuple[str, ...]], p: int) -> np.ndarray:
    """Coefficients c with X c = the cell's column: each indicator is itself, or 1 − its factor's other
    indicators, whichever makes every product a column of X."""
    factors = sorted(cell[0])
    for choice in itertools.product((False, True), repeat=len(factors)):
        terms: dict[frozenset[tuple[str, str]], float] = {frozenset(): 1.0}
        for (factor, level), complement in zip(factors, choice, strict=True):
            parts: list[tuple[Monomial, float]]
            if complement:  # [ℓ] = 1 − Σ [ℓ'] over the factor's other levels
                parts = [(frozenset(), 1.0)]
                parts += [(frozenset({(factor, other)}), -1.0) for other in levels[factor] if other != level]
            else:
                parts = [(frozenset({(factor, level)}), 1.0)]
            expanded: dict[frozenset[tuple[str, str]], float] = {}
            for monomial, weight in terms.items():
                for part, sign in parts:
                    new = monomial | part
                    expanded[new] = expanded.get(new, 0.0) + weight * sign
            terms = expanded
        if all((m, cell[1]) in basis for m, w in terms.items() if w != 0):
            out = np.zeros(p)
            for monomial, weight in terms.items():
                if weight != 0:
                    out[basis[(monomial, cell[1])]] += weight
            return out
    raise NotationError("type III tests need every term's cells in the model's columns, "
                        "and this model is not hierarchical in its fixed effects",
                        hint="use --type 2 or --type 1, or add the terms the interaction contains")


def doolittle(x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """lmerTest's ``doolittle(x)$L``: the unit lower factor of LU without pivoting, |entries| < eps zeroed."""
    n = len(x)
    L, U = np.eye(n), np.zeros((n, n))
    for i in range(n):
        U[i] = x[i] - L[i, :i] @ U[:i]
        for j in range(i + 1, n):
            value = x[j, i] - L[j, :i] @ U[:i, i]
            L[j, i] = 0.0 if abs(U[i, i]) < eps else value / U[i, i]
    L[np.abs(L) < eps] = 0.0
    return L


def zapsmall(x: np.ndarray, digits: int = 7) -> np.ndarray:
    """R's ``zapsmall``: round to ``digits`` significant digits of the largest entry."""
    largest = float(np.max(np.abs(x))) if x.size else 0.0
    places = max(0, digits - math.ceil(math.log10(largest))) if largest > 0 else digits
    return np.round(x, places)
