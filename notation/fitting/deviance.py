"""The profiled deviance: −2 log-likelihood (ML) or the REML criterion as a function of θ.

Contract: :class:`ProfiledDeviance` is a callable θ ↦ deviance for the optimiser (``inf`` where the
factor is not positive definite), with the formulas of lme4 (Bates et al. 2015, eqs. 34 and 41):
ML: log|L|² + n[1 + log(2πr²/n)]; REML: log|L|² + log|R_X|² + (n−p)[1 + log(2πr²/(n−p))].
"""

from __future__ import annotations

import math

import numpy as np

from notation.design import Design
from notation.fitting.blocked import Factorization, cross_pattern, factorize
from notation.fitting.relative import ThetaLayout
from notation.fitting.sparse_rest import keeps_sparse

__all__ = ["ProfiledDeviance"]

# r² below this fraction of yᵀy is rounding error: the Cholesky pivot loses ~1e-16·yᵀy to cancellation.
_EXACT_FIT = 1e-14


class ProfiledDeviance:
    """θ ↦ profiled deviance of ``design``; counts its evaluations."""

    def __init__(self, design: Design, reml: bool, sparse: bool | None = None) -> None:
        """``sparse``: keep the later terms sparse (True), dense (False), or decide (None)."""
        self.design = design
        self.reml = reml
        self.layout = ThetaLayout([t.q for t in design.random])
        self.sparse_rest = keeps_sparse(design, sparse)
        self.pattern = None if self.sparse_rest else cross_pattern(design)
        size = design.gram.rest_size
        self._work = None if self.sparse_rest else np.empty((size, size))
        self.evaluations = 0

    @property
    def dense_size(self) -> int:
        """Rows of the dense factor formed at each evaluation (0 when the later terms stay sparse)."""
        return 0 if self.sparse_rest else self.design.gram.rest_size

    @property
    def dof(self) -> int:
        """n − p for REML, n for ML: the divisor of r² in σ̂²."""
        return self.design.nobs - (self.design.p if self.reml else 0)

    def factorize(self, theta: np.ndarray) -> Factorization:
        return factorize(self.design, self.layout, np.asarray(theta, dtype=np.float64), self.pattern,
                         None, self.sparse_rest)

    def __call__(self, theta: np.ndarray) -> float:
        self.evaluations += 1
        theta = np.asarray(theta, dtype=np.float64)
        return self.of(factorize(self.design, self.layout, theta, self.pattern, self._work, self.sparse_rest))

    def of(self, factor: Factorization) -> float:
        if not factor.ok:
            return math.inf
        r2 = factor.pwrss()
        if not r2 > _EXACT_FIT * self.design.gram.tail[-1, -1]:
            return math.inf  # y is (numerically) a linear function of X: the likelihood is unbounded
        dof = self.dof
        value = factor.logdet_random() + dof * (1.0 + math.log(2.0 * math.pi * r2 / dof))
        if self.reml:
            value += factor.logdet_fixed()
        return float(value) if math.isfinite(value) else math.inf
