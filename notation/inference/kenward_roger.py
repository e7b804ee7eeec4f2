"""Kenward–Roger: the adjusted covariance of β̂ and the df of t- and F-tests, as pbkrtest computes them.

Contract: :func:`kenward_roger` returns the coefficient table of lmerTest's ``summary(fit, ddf =
"Kenward-Roger")`` (Estimate, Std. Error from the adjusted covariance Φ_A, df, t value, Pr(>|t|));
:func:`kr_ftest` the F test of a contrast matrix L as pbkrtest's ``KRmodcomp`` (unscaled Wald F,
its scaling, numerator and denominator df). Only REML fits, as lmerTest (pbkrtest would refit).

pbkrtest's ``vcovAdj`` writes Σ = Σᵢ γᵢGᵢ (one Gᵢ = Z(I ⊗ Eᵢ)Zᵀ per entry of each ψ_k, and I for σ²)
and forms the n×n Σ⁻¹. Every quantity it needs — Pᵢ = −XᵀΣ⁻¹GᵢΣ⁻¹X, Qᵢⱼ = XᵀΣ⁻¹GᵢΣ⁻¹GⱼΣ⁻¹X,
tr(Σ⁻¹GᵢΣ⁻¹Gⱼ) — is a product of Gram blocks instead: Σ⁻¹[Z X] = [Z X]K with
K = σ⁻²(I − [HZᵀZ, HZᵀX; 0, 0]), H = Λ(ΛᵀZᵀZΛ + I)⁻¹Λᵀ, so [Z X]ᵀΣ⁻ᵏ[Z X] = Γ Kᵏ (Γ the Gram
matrix of [Z X]) and tr Σ⁻² = σ⁻⁴(n − 2 tr HW + tr HWHW). H·ZᵀZ is solved by blocks as the fitter
factors: ZᵀZ and M = ΛᵀZᵀZΛ + I stay sparse, the first term's part of M is inverted level by level
and only the later terms' Schur complement is dense (InstEval: a 1,156² Cholesky and its solves,
not a dense 4,128³ product). The cost is a few products of Z's columns squared, never of n.

The Gram blocks are of the fitter's standardised X̃ = X·A and ỹ = (y − X̃γ)/s
(:mod:`notation.design.standardize`), and Φ, Φ_A, Pᵢ, W are computed for the coefficients of X̃
and with σ̃ = σ/s — the digits the standardisation keeps (a covariate such as a year would
otherwise cost ~7, and y·10¹⁰⁰ would overflow σ⁴). They are the data's by the exact change of basis
β = s·A⁻¹β̃ (+ a constant): Φ = s²A⁻¹Φ̃A⁻ᵀ, and a contrast L of β is LA⁻¹ of β̃; df and F are
invariant under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.linalg as linalg
import scipy.sparse as sparse
from scipy import stats

from notation.errors import NotationError
from notation.fitting import FitResult, ProfiledDeviance, one_blas_thread
from notation.inference.dense import dense_gram, relative_factor, z_gram

__all__ = ["Adjusted", "adjusted_covariance", "kenward_roger", "kr_ftest"]


@dataclass(frozen=True)
class Adjusted:
    """Φ (vcov of β̂), Φ_A (its adjustment), the Pᵢ and W = 2·IE2⁻¹ the df formulas read — Φ, Φ_A and
    Pᵢ of the standardised problem (X̃, σ̃); ``basis`` = A⁻¹ and ``y_scale`` = s map them to β (see
    the module docstring)."""

    phi: np.ndarray
    phi_adjusted: np.ndarray
    P: list[np.ndarray]
    W: np.ndarray
    basis: np.ndarray
    y_scale: float = 1.0

    def contrast(self, L: np.ndarray) -> np.ndarray:
        """A contrast of β as one of the coefficients of X̃: LA⁻¹."""
        return np.atleast_2d(L) @ self.basis

    @property
    def covariance(self) -> np.ndarray:
        """Φ_A of β: s²A⁻¹Φ_A A⁻ᵀ."""
        return self.y_scale**2 * (self.basis @ self.phi_adjusted @ self.basis.T)


def kenward_roger(result: FitResult) -> pd.DataFrame:
    adjusted = adjusted_covariance(result)
    p = len(result.estimates.beta)
    estimate = result.estimates.beta
    se = np.sqrt(np.diag(adjusted.covariance))
    df = np.array([_ddf(adjusted, np.eye(p)[[j]]) for j in range(p)])
    t_value = estimate / se
    return pd.DataFrame({"Estimate": estimate, "Std. Error": se, "df": df, "t value": t_value,
                         "Pr(>|t|)": 2.0 * stats.t.sf(np.abs(t_value), df)},
                        index=pd.Index(list(result.problem.fixed_names)))


@dataclass(frozen=True)
class KRTest:
    ndf: int
    ddf: float
    f_unscaled: float  # the Wald F of Φ_A: (Lβ)ᵀ(LΦ_ALᵀ)⁻¹(Lβ)/q
    scaling: float

    @property
    def f_value(self) -> float:
        return self.scaling * self.f_unscaled


def kr_ftest(result: FitResult, L: np.ndarray, adjusted: Adjusted | None = None) -> KRTest:
    """pbkrtest's ``.KR_adjust`` for H₀: Lβ = 0."""
    adjusted = adjusted or adjusted_covariance(result)
    L = np.atleast_2d(L)
    q = int(np.linalg.matrix_rank(L))
    ddf, a2 = _ddf_and_a2(adjusted, L, q)
    scaling = 1.0 if abs(ddf - 2.0) < 1e-2 else ddf * (1.0 - a2 / q) / (ddf - 2.0)
    Lb = L @ result.estimates.beta / adjusted.y_scale  # on the scale of Φ_A: ỹ's
    C = adjusted.contrast(L)
    wald = float(Lb @ np.linalg.solve(C @ adjusted.phi_adjusted @ C.T, Lb))
    return KRTest(q, ddf, wald / q, scaling)


def _ddf(adjusted: Adjusted, L: np.ndarray) -> float:
    return _ddf_and_a2(adjusted, L, L.shape[0])[0]


def _ddf_and_a2(adjusted: Adjusted, L: np.ndarray, q: int) -> tuple[float, float]:
    """pbkrtest's ``Lb_ddf`` (q = rows of L) / ``.KR_adjust`` (q = rank of L): the df and A₂."""
    phi, W = adjusted.phi, adjusted.W
    L = adjusted.contrast(L)
    theta = L.T @ np.linalg.solve(L @ phi @ L.T, L)
    u = [theta @ phi @ P @ phi for P in adjusted.P]
    traces = np.array([np.trace(m) for m in u])
    products = np.array([[np.sum(a * b.T) for b in u] for a in u])
    a1 = float(traces @ W @ traces)
    a2 = float(np.sum(W * products))
    b = (a1 + 6.0 * a2) / (2.0 * q)
    g = ((q + 1.0) * a1 - (q + 4.0) * a2) / ((q + 2.0) * a2)
    denominator = 3.0 * q + 2.0 * (1.0 - g)
    c1, c2, c3 = g / denominator, (q - g) / denominator, (q + 2.0 - g) / denominator
    v0 = 1.0 + c1 * b
    v0 = 0.0 if abs(v0) < 1e-10 else v0
    v1, v2 = 1.0 - c2 * b, 1.0 - c3 * b
    ratio = 1.0 if abs(1.0 - a2 / q) < 1e-14 and abs(v1) < 1e-14 else (1.0 - a2 / q) / v1  # .divZero
    rho = ratio**2 * v0 / v2 / q
    return 4.0 + (q + 2.0) / (q * rho - 1.0), a2


def adjusted_covariance(result: FitResult) -> Adjusted:
    """pbkrtest's ``vcovAdj`` from the Gram blocks (see the module docstring)."""
    if not result.reml:
        raise NotationError("Kenward-Roger's method is only available for REML fits, as in lmerTest",
                            hint="drop --ml, or use --ddf satterthwaite")
    with one_blas_thread():
        return _adjusted(result)


def _adjusted(result: FitResult) -> Adjusted:
    statistics = result.problem.statistics
    gram, sigma, n = dense_gram(statistics), result.estimates.working_sigma, result.nobs  # X̃'s Gram, σ̃
    p = statistics.p
    qt = gram.shape[0] - p
    Lam = relative_factor(statistics.terms, result.factors)
    K, once = (_inverse_products_dense if qt <= _DENSE_SIZE else _inverse_products_blocked)(
        statistics, gram, Lam, qt, p)
    K /= sigma**2
    once /= sigma**2
    # [Z X]ᵀΣ⁻²[Z X] = KᵀΓK = Kᵀ·once: only its X columns and the entries the Eᵢ select are needed,
    # so the product of two dense (qt + p)² matrices is never formed
    A, B = once[:qt, :qt], once[:qt, qt:]
    KX = K[:, qt:]
    D = K[:, :qt].T @ once[:, qt:]
    XS2X = _symmetric(KX.T @ once[:, qt:])
    XS3X = _symmetric(KX.T @ once @ KX)
    HW = -K[:qt, :qt] * sigma**2
    HW[np.diag_indices(qt)] += 1.0  # K's block is σ⁻²(I − HW): HW is not formed twice
    trace_s2 = (n - 2.0 * np.trace(HW) + np.sum(HW * HW.T)) / sigma**4
    selections = _selections(statistics.terms)
    EB = [E @ B for E in selections]
    rows = [np.unique(E.nonzero()[0]) for E in selections]
    EA = [(E[r] @ A) for E, r in zip(selections, rows, strict=True)]  # E_i A on its nonzero rows
    k = len(selections) + 1
    P = [-(B.T @ eb) for eb in EB] + [-XS2X]
    Q: dict[tuple[int, int], np.ndarray] = {}
    trace = np.empty((k, k))
    for i in range(k - 1):
        for j in range(i, k - 1):
            Q[i, j] = EB[i].T @ (A @ EB[j])
            trace[i, j] = trace[j, i] = np.sum(EA[i][:, rows[j]] * EA[j][:, rows[i]].T)
        Q[i, k - 1] = EB[i].T @ D
        r, c = selections[i].nonzero()  # tr(Eᵢ F): F = ZᵀΣ⁻²Z only where Eᵢ is nonzero
        trace[i, k - 1] = trace[k - 1, i] = float(np.einsum("sk,sk->", K[:, r], once[:, c]))
    Q[k - 1, k - 1] = XS3X
    trace[k - 1, k - 1] = trace_s2
    phi = _working_vcov(result)
    info = np.empty((k, k))
    for i in range(k):
        for j in range(i, k):
            info[i, j] = info[j, i] = (trace[i, j] - 2.0 * np.sum(phi * Q[i, j])
                                       + np.sum((phi @ P[i]) * (P[j] @ phi)))
    eigenvalues = np.linalg.eigvalsh(info)
    W = 2.0 * (np.linalg.inv(info) if np.min(np.abs(eigenvalues)) > 1e-10 else np.linalg.pinv(info))
    U = np.zeros((p, p))
    for i in range(k):
        for j in range(i + 1, k):
            U += W[i, j] * (Q[i, j] - P[i] @ phi @ P[j])
    U = U + U.T
    for i in range(k):
        U += W[i, i] * (Q[i, i] - P[i] @ phi @ P[i])
    scaling = statistics.scaling
    return Adjusted(phi, phi + 2.0 * phi @ U @ phi, P, W, scaling.beta_map, scaling.y_scale)


# Up to this many random effects the dense route is faster: the blocked one pays sparse overheads
# (~5 ms on sleepstudy's 36) that only pay off when the dense qt³ products dominate (InstEval's 4,128).
_DENSE_SIZE = 1000


def _inverse_products_dense(statistics: Any, gram: np.ndarray, Lam: sparse.csr_matrix, qt: int, p: int
                            ) -> tuple[np.ndarray, np.ndarray]:
    """σ²K and σ²·[Z X]ᵀΣ⁻¹[Z X] = σ²ΓK with H = Λ(ΛᵀWΛ + I)⁻¹Λᵀ from dense factors."""
    Wzz, Wzx = gram[:qt, :qt], gram[:qt, qt:]
    M = np.asarray((Lam.T @ (Lam.T @ Wzz).T).T)  # Λ is sparse: ΛᵀWΛ without dense products
    M[np.diag_indices(qt)] += 1.0
    factor = linalg.cho_factor(M, lower=True, overwrite_a=True)
    H = np.asarray(Lam @ linalg.cho_solve(factor, Lam.T.toarray()))
    K = np.eye(qt + p)
    K[:qt, :qt] -= H @ Wzz
    K[:qt, qt:] -= H @ Wzx
    return K, _symmetric(gram @ K)


def _inverse_products_blocked(statistics: Any, gram: np.ndarray, Lam: sparse.csr_matrix, qt: int, p: int
                              ) -> tuple[np.ndarray, np.ndarray]:
    """As :func:`_inverse_products_dense`, with ZᵀZ and M = ΛᵀZᵀZΛ + I sparse and H·[W Wzx] =
    Λ M⁻¹ Λᵀ[W Wzx] solved by blocks (the first term's block-diagonal part, then the later terms'
    dense Schur complement): no dense qt³ product."""
    Wz, Wzx, Wxx = z_gram(statistics), gram[:qt, qt:], gram[qt:, qt:]
    U = (Lam.T @ Wz).tocsc()
    M = (U @ Lam + sparse.identity(qt)).tocsc()
    solve = _block_solver(M, statistics.terms[0])
    K = np.eye(qt + p)
    K[:qt, :qt] -= _product(Lam, solve(U.toarray()))
    K[:qt, qt:] -= _product(Lam, solve(_product(Lam.T, Wzx)))
    once = np.empty((qt + p, qt + p))  # Γ K with Γ's ZᵀZ sparse
    once[:qt] = _product(Wz, K[:qt]) + Wzx @ K[qt:]
    once[qt:] = Wzx.T @ K[:qt] + Wxx @ K[qt:]
    return K, _symmetric(once)


def _block_solver(M: sparse.csc_matrix, first: Any) -> Callable[[np.ndarray], np.ndarray]:
    """Y ↦ M⁻¹Y for M = [[D, C], [Cᵀ, E]] with D (the first term's rows, m₁q₁) block-diagonal per
    level: D⁻¹ level by level, the Schur complement S = E − CᵀD⁻¹C dense and Cholesky-factored (the
    fitter's own elimination order), then X₂ = S⁻¹(Y₂ − CᵀD⁻¹Y₁), X₁ = D⁻¹(Y₁ − CX₂). The cost is
    that of the later terms' block (N_Z²·columns), not of all of M."""
    q, m = first.q, first.nlevels
    n1 = q * m
    csr = M.tocsr()
    D = csr[:n1, :n1].tocoo()
    blocks = np.zeros((m, q, q))
    blocks[D.row // q, D.row % q, D.col % q] = D.data  # block-diagonal: D.row // q == D.col // q
    if q > 1:
        inverse = sparse.bsr_matrix((np.linalg.inv(blocks), np.arange(m), np.arange(m + 1)),
                                    shape=(n1, n1)).tocsr()
    else:
        inverse = sparse.diags(1.0 / blocks[:, 0, 0], format="csr")
    C = csr[:n1, n1:]
    if C.shape[1] == 0:
        return lambda Y: _product(inverse, Y)
    V = (inverse @ C).tocsr()  # D⁻¹C, sparse as C
    S = csr[n1:, n1:].toarray() - np.asarray((C.T @ V).toarray())
    factor = linalg.cho_factor(S, lower=True, overwrite_a=True)

    def solve(Y: np.ndarray) -> np.ndarray:
        out = np.empty_like(Y)
        out[:n1] = _product(inverse, Y[:n1])
        out[n1:] = linalg.cho_solve(factor, Y[n1:] - _product(C.T, out[:n1]), overwrite_b=True)
        out[:n1] -= _product(V, out[n1:])
        return out

    return solve


def _product(A: Any, Y: np.ndarray) -> np.ndarray:
    """A·Y for sparse A and dense Y; a diagonal A (Λ and D⁻¹ of scalar terms) scales Y's rows, which
    is several times faster than scipy's sparse–dense product over thousands of columns."""
    n = A.shape[0]
    compressed = A.format in ("csr", "csc") and A.nnz == n == A.shape[1]
    if compressed and np.array_equal(A.indptr, np.arange(n + 1)) and np.array_equal(A.indices, np.arange(n)):
        return A.data[:, None] * Y
    return np.asarray(A @ Y)


def _working_vcov(result: FitResult) -> np.ndarray:
    """Φ̃ = σ̃²(R̃_XᵀR̃_X)⁻¹: vcov(β̃) of the standardised problem, from the factor at θ̂ (not by
    undoing the map of ``estimates.vcov``, which would cancel what the standardisation kept)."""
    statistics = result.problem.statistics
    p = statistics.p
    factor = ProfiledDeviance(statistics, result.reml).factorize(result.theta)
    assert factor.tail is not None
    inverse = linalg.solve_triangular(factor.tail[:p, :p], np.eye(p), lower=True)
    return result.estimates.working_sigma**2 * (inverse.T @ inverse)


def _symmetric(matrix: np.ndarray) -> np.ndarray:
    return (matrix + matrix.T) / 2.0


def _selections(terms: Any) -> list[sparse.csr_matrix]:
    """Eᵢ per entry (a, b), a ≥ b, of each ψ_k, as qt×qt sparse matrices: I_levels ⊗ (e_a e_bᵀ + e_b e_aᵀ)."""
    sizes = [t.size for t in terms]
    total = sum(sizes)
    out = []
    offset = 0
    for term in terms:
        q, m = term.q, term.nlevels
        base = offset + np.arange(m) * q
        for b in range(q):
            for a in range(b, q):
                rows, cols = [base + a], [base + b]
                if a != b:
                    rows.append(base + b)
                    cols.append(base + a)
                r, c = np.concatenate(rows), np.concatenate(cols)
                out.append(sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(total, total)))
        offset += term.size
    return out
