"""The blocked profiled deviance equals the textbook dense formula, for every layout of the blocks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.linalg as linalg

from notation.design import FitProblem, compile_design
from notation.errors import DataError
from notation.fitting.deviance import ProfiledDeviance
from notation.fitting.estimates import estimate
from notation.fitting.relative import ThetaLayout
from notation.parse.formula import parse_formula

RNG = np.random.default_rng(11)
N = 120
FRAME = pd.DataFrame({
    "y": RNG.normal(size=N),
    "x": RNG.normal(size=N),
    "w": RNG.normal(size=N),
    "g": RNG.integers(0, 15, N).astype(str),
    "h": RNG.integers(0, 6, N).astype(str),
    "k": RNG.integers(0, 4, N).astype(str),
})


def dense_deviance(problem: FitProblem, theta: np.ndarray, reml: bool
                   ) -> tuple[float, np.ndarray, list[np.ndarray]]:
    """−2ℓ from Σ = σ²(ZΛΛᵀZᵀ + I) via the dense L, R_X and r² of Bates et al. (2015), from the rows."""
    rows = problem.require_rows("the dense deviance")
    factors = ThetaLayout([t.q for t in problem.terms]).factors(theta)
    Z = np.column_stack([t.matrix().toarray() for t in rows.terms])
    pairs = zip(problem.terms, factors, strict=True)
    Lam = linalg.block_diag(*[np.kron(np.eye(t.nlevels), T) for t, T in pairs])
    ZL = Z @ Lam
    X, y = rows.X, rows.y
    n, p = X.shape
    L = np.linalg.cholesky(ZL.T @ ZL + np.eye(ZL.shape[1]))
    RZX = np.linalg.solve(L, ZL.T @ X)
    RX = np.linalg.cholesky(X.T @ X - RZX.T @ RZX)
    cu = np.linalg.solve(L, ZL.T @ y)
    cX = np.linalg.solve(RX, X.T @ y - RZX.T @ cu)
    beta = np.linalg.solve(RX.T, cX)
    u = np.linalg.solve(L.T, cu - RZX @ beta)
    r2 = float(np.sum((y - X @ beta - ZL @ u) ** 2) + u @ u)
    dof = n - p if reml else n
    value = 2 * np.log(np.diag(L)).sum() + dof * (1 + math.log(2 * math.pi * r2 / dof))
    if reml:
        value += 2 * np.log(np.diag(RX)).sum()
    b = Lam @ u
    sizes = np.cumsum([0] + [t.size for t in problem.terms])
    effects = [b[a:c].reshape(t.nlevels, t.q) for a, c, t in zip(sizes[:-1], sizes[1:], problem.terms,
                                                                   strict=True)]
    return float(value), beta, effects


@pytest.mark.parametrize("formula", [
    "y ~ x + (1 | g)",                       # one scalar term
    "y ~ x + (x | g)",                       # one vector term
    "y ~ x + (1 | g) + (1 | h)",             # crossed scalar: the bincount pattern
    "y ~ x + (x | g) + (1 | h)",             # vector first term, crossed: the sparse product
    "y ~ x + w + (1 | g) + (x + w | h) + (1 | k)",  # vector later term: Λ_r scaling with q = 3
    "y ~ x + (1 | h) + (1 | h:k)",           # nested
])
@pytest.mark.parametrize("reml", [True, False])
def test_blocked_equals_dense(formula: str, reml: bool) -> None:
    design = compile_design(parse_formula(formula), FRAME)
    deviance = ProfiledDeviance(design.statistics, reml)
    theta = RNG.uniform(0.2, 1.5, deviance.layout.length)
    expected, beta, effects = dense_deviance(design, theta, reml)
    factor = deviance.factorize(theta)
    assert deviance.of(factor) == pytest.approx(expected, rel=1e-10)
    estimates = estimate(deviance, factor)
    assert np.allclose(estimates.beta, beta, rtol=1e-8, atol=1e-10)
    for got, want in zip(estimates.effects, effects, strict=True):
        assert np.allclose(got, want, rtol=1e-7, atol=1e-10)


def test_not_positive_definite_is_infinite() -> None:
    design = compile_design(parse_formula("y ~ x + (1 | g)"), FRAME.assign(y=FRAME.x * 2 + 1))
    assert ProfiledDeviance(design.statistics, True)(np.array([1.0])) == math.inf


def test_exactly_explained_response_fails_clearly() -> None:
    from notation.errors import FitError
    from notation.fitting import fit

    with pytest.raises(FitError, match="not finite"):
        fit(parse_formula("y ~ x + (1 | g)"), FRAME.assign(y=FRAME.x * 2 + 1))


@pytest.mark.parametrize("theta", [[0.7, 0.0], [0.0, 0.9], [1e-9, 2.0], [0.3, 1e-9]])
def test_boundary_values_of_theta(theta: list[float]) -> None:
    """θ at or near 0 for a crossed term: the diagonal-scaling shortcut must hand over or stay exact."""
    design = compile_design(parse_formula("y ~ x + (1 | g) + (1 | h)"), FRAME)
    deviance = ProfiledDeviance(design.statistics, True)
    expected, beta, _ = dense_deviance(design, np.array(theta), True)
    factor = deviance.factorize(np.array(theta))
    assert deviance.of(factor) == pytest.approx(expected, rel=1e-9)
    assert np.allclose(estimate(deviance, factor).beta, beta, rtol=1e-7)


NESTED = pd.DataFrame({
    "y": RNG.normal(size=N),
    "x": RNG.normal(size=N),
    "school": np.repeat(np.arange(12), 10).astype(str),
    "klass": np.repeat(np.arange(40), 3).astype(str),
    "k": RNG.integers(0, 4, N).astype(str),
})


@pytest.mark.parametrize("formula", [
    "y ~ x + (1 | klass) + (1 | school)",            # nested: the later block stays diagonal
    "y ~ x + (1 | klass) + (x | school)",            # vector later term
    "y ~ x + (x | klass) + (1 | school) + (1 | k)",  # crossed too: sparse must still be exact
])
@pytest.mark.parametrize("reml", [True, False])
def test_sparse_later_terms_equal_dense(formula: str, reml: bool) -> None:
    design = compile_design(parse_formula(formula), NESTED)
    dense = ProfiledDeviance(design.statistics, reml, sparse=False)
    kept_sparse = ProfiledDeviance(design.statistics, reml, sparse=True)
    assert kept_sparse.sparse_rest and not dense.sparse_rest
    theta = RNG.uniform(0.2, 1.5, dense.layout.length)
    expected, beta, effects = dense_deviance(design, theta, reml)
    factor = kept_sparse.factorize(theta)
    assert kept_sparse.of(factor) == pytest.approx(expected, rel=1e-10)
    assert dense.of(dense.factorize(theta)) == pytest.approx(expected, rel=1e-10)
    estimates = estimate(kept_sparse, factor)
    assert np.allclose(estimates.beta, beta, rtol=1e-8, atol=1e-10)
    for got, want in zip(estimates.effects, effects, strict=True):
        assert np.allclose(got, want, rtol=1e-7, atol=1e-10)


def _classes(rows: int, crossed: int) -> pd.DataFrame:
    """2000 classes nested in 600 schools; tutors are the schools but for the first `crossed` rows."""
    klass = np.arange(rows) // 3
    school = klass * 600 // 2000
    return pd.DataFrame({
        "y": RNG.normal(size=rows), "school": school.astype(str), "klass": klass.astype(str),
        "tutor": np.where(np.arange(rows) < crossed, RNG.integers(0, 600, rows), school).astype(str),
    })


@pytest.mark.parametrize(("formula", "crossed", "sparse"), [
    ("y ~ 1 + (1 | klass) + (1 | school)", 0, True),
    ("y ~ 1 + (1 | klass) + (1 | school) + (1 | tutor)", 30, True),  # tutor = school but for 1% of rows
    # school × tutor crossed (fill-in makes SuperLU take 13 s per evaluation on 5,000 such columns)
    ("y ~ 1 + (1 | klass) + (1 | school) + (1 | tutor)", 6000, False),
])
def test_sparse_path_only_for_nested_designs(formula: str, crossed: int, sparse: bool) -> None:
    design = compile_design(parse_formula(formula), _classes(6000, crossed))
    assert ProfiledDeviance(design.statistics, True).sparse_rest is sparse


def test_public_sparse_product_gives_the_same_deviance(monkeypatch: pytest.MonkeyPatch) -> None:
    # the crossed elimination uses a private SciPy kernel when there is one; the fallback must agree
    from notation.fitting import pattern

    design = compile_design(parse_formula("y ~ x + (1 | g) + (1 | h)"), FRAME)
    deviance = ProfiledDeviance(design.statistics, True)
    theta = np.array([0.7, 1.3])
    expected = deviance.of(deviance.factorize(theta))
    monkeypatch.setattr(pattern, "csr_matvec", None)
    assert deviance.of(deviance.factorize(theta)) == pytest.approx(expected, rel=1e-12)


def test_too_many_crossed_columns_is_a_clear_error() -> None:
    rows = 50_000
    data = pd.DataFrame({"y": RNG.normal(size=rows), "g1": RNG.integers(0, 30_000, rows),
                         "g2": RNG.integers(0, 12_000, rows), "g3": RNG.integers(0, 9_000, rows)})
    design = compile_design(parse_formula("y ~ 1 + (1 | g1) + (1 | g2) + (1 | g3)"), data)
    with pytest.raises(DataError) as error:
        ProfiledDeviance(design.statistics, True)(np.ones(3))
    assert "((1 | g2), (1 | g3))" in error.value.message and "the limit is 20,000" in error.value.message
    assert "nested" in error.value.hint
