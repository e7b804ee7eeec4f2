"""The profiled deviance: −2 log-likelihood (ML) or the REML criterion as a function of θ.

Contract: :class:`ProfiledDeviance` is a callable θ ↦ deviance for the optimiser (``inf`` where the
factor is not positive definite), with the formulas of lme4 (Bates et al. 2015, eqs. 34 and 41):
ML: log|L|² + n[1 + log(2πr²/n)]; REML: log|L|² + log|R_X|² + (n−p)[1 + log(2πr²/(n−p))], of the
original data although the blocks are of standardised [X y] (:mod:`notation.design.standardize`).
Factors, r² and log|R_X|² read from :meth:`~ProfiledDeviance.factorize` are the standardised ones
(:meth:`~ProfiledDeviance.pwrss` gives the data's r²; ``stats.scaling`` maps the rest back).
Its :meth:`~ProfiledDeviance.factorize` (θ ↦ blocked factor) is the public factorization that
inference code (Satterthwaite's derivatives) uses; it reads the problem's Statistics, never rows.
"""

from __future__ import annotations

import math

import numpy as np

from notation.design import Statistics
from notation.fitting.blocked import Factorization, cross_pattern, factorize
from notation.fitting.pattern import CrossPattern
from notation.fitting.relative import ThetaLayout
from notation.fitting.sparse_rest import keeps_sparse

__all__ = ["ProfiledDeviance"]

# r² below this fraction of yᵀy is rounding error: the Cholesky pivot loses ~1e-16·yᵀy to cancellation.
_EXACT_FIT = 1e-14


class ProfiledDeviance:
    """θ ↦ profiled deviance of ``stats`` (Gram blocks and term shapes, no rows); counts its evaluations."""

    def __init__(self, stats: Statistics, reml: bool, sparse: bool | None = None,
                 pattern: CrossPattern | None = None) -> None:
        """``sparse``: keep the later terms sparse (True), dense (False), or decide (None).
        ``pattern``: the cross pattern of a problem with the same Z (another response, or fewer X
        columns — it is re-laid out, not recomputed), saving its construction."""
        self.stats = stats
        self.reml = reml
        self.layout = ThetaLayout([t.q for t in stats.terms])
        self.sparse_rest = keeps_sparse(stats, sparse)
        if self.sparse_rest:
            self.pattern = None
        elif pattern is not None:
            self.pattern = pattern.with_stride(stats.gram.rest_size)
        else:
            self.pattern = cross_pattern(stats)
        self._work = self.workspace()  # the optimiser's evaluations reuse one buffer
        self.evaluations = 0
        # the Gram blocks are of standardised [X y]: this constant makes the value the original data's
        self._offset = stats.scaling.criterion(0.0, stats.nobs, reml)

    @property
    def dense_size(self) -> int:
        """Rows of the dense factor formed at each evaluation (0 when the later terms stay sparse)."""
        return 0 if self.sparse_rest else self.stats.gram.rest_size

    @property
    def dof(self) -> int:
        """n − p for REML, n for ML: the divisor of r² in σ̂²."""
        return self.stats.nobs - (self.stats.p if self.reml else 0)

    def workspace(self) -> np.ndarray | None:
        """A buffer for :meth:`factorize` to overwrite, or None when the later terms stay sparse."""
        return None if self.sparse_rest else np.empty((self.dense_size, self.dense_size))

    def factorize(self, theta: np.ndarray, work: np.ndarray | None = None) -> Factorization:
        """The blocked factor at ``theta``. With ``work`` (from :meth:`workspace`) the dense part is
        written there, so the factor is valid only until the next call that passes the same buffer."""
        return factorize(self.stats, self.layout, np.asarray(theta, dtype=np.float64), self.pattern,
                         work, self.sparse_rest)

    def __call__(self, theta: np.ndarray) -> float:
        self.evaluations += 1
        return self.of(self.factorize(theta, self._work))

    def pwrss(self, factor: Factorization) -> float:
        """The data's r²(θ): the factor's (of the standardised response) times s²."""
        return factor.pwrss() * self.stats.scaling.y_scale**2

    def of(self, factor: Factorization) -> float:
        if not factor.ok:
            return math.inf
        r2 = factor.pwrss()
        if not r2 > _EXACT_FIT * self.stats.gram.tail[-1, -1]:
            return math.inf  # y is (numerically) a linear function of X: the likelihood is unbounded
        dof = self.dof
        value = factor.logdet_random() + dof * (1.0 + math.log(2.0 * math.pi * r2 / dof))
        if self.reml:
            value += factor.logdet_fixed()
        value += self._offset
        return float(value) if math.isfinite(value) else math.inf
