"""Centring and scaling of [X y] before the Gram blocks are formed, and the exact way back.

Contract: :func:`standardize` looks at the coded X and the response and returns a
:class:`Standardization`: X̃ = X A⁻¹ (with an intercept column: every other column centred and scaled
to unit SD; without one: scaled to unit root mean square) and ỹ = (y − X̃γ)/s (γ the least-squares
fit of y on X̃, s the root mean square of what is left). The model y = Xβ + Zb + ε is then
ỹ = X̃β̃ + Zb̃ + ε̃ with β = A⁻¹(sβ̃ + γ), b = s b̃, σ = s σ̃ and θ unchanged, so the fit is invariant
to shifting and scaling y and the fixed-effect columns: sums of squares of y + 10⁷ would otherwise
lose 14 of the 16 digits the deviance needs. Random-effect columns are left alone (centring them
would change the model). A response that the fixed effects explain to rounding error is left as it
is, so that the deviance reports the exact fit instead of fitting rounding noise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from notation.design.gram import Gram

__all__ = ["Standardization", "standardize"]

# Residuals below this fraction of the response's size are rounding error (double precision: 1e-16).
_EXACT = 1e-13


@dataclass(frozen=True)
class Standardization:
    """X̃ = X A⁻¹, ỹ = (y − X̃γ)/s; A is the identity but for ``centre`` (row ``intercept``) and ``scale``."""

    centre: np.ndarray  # (p,): subtracted from each column (0 for the intercept and without one)
    scale: np.ndarray  # (p,): each centred column divided by it (1 for the intercept)
    gamma: np.ndarray  # (p,): least-squares coefficients of y on X̃, subtracted from y
    y_scale: float  # s
    intercept: int | None  # the column of ones, if X has one

    @classmethod
    def identity(cls, p: int) -> Standardization:
        return cls(np.zeros(p), np.ones(p), np.zeros(p), 1.0, None)

    @property
    def p(self) -> int:
        return len(self.scale)

    def columns(self, X: np.ndarray) -> np.ndarray:
        """X̃ = (X − centre)/scale."""
        return (X - self.centre) / self.scale

    def response(self, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """ỹ for the original X and y (y without its offset)."""
        return (y - self.columns(X) @ self.gamma) / self.y_scale

    @property
    def beta_map(self) -> np.ndarray:
        """A⁻¹: β = A⁻¹ β_X̃ for coefficients of X̃ on the original y's scale."""
        inverse = np.diag(1.0 / self.scale)
        if self.intercept is not None:
            inverse[self.intercept] -= self.centre / self.scale
            inverse[self.intercept, self.intercept] = 1.0
        return inverse

    @property
    def column_map(self) -> np.ndarray:
        """A: X = X̃ A, the inverse of :attr:`beta_map` (scale on the diagonal, centre in the
        intercept's row)."""
        forward = np.diag(self.scale.astype(np.float64))
        if self.intercept is not None:
            forward[self.intercept] += self.centre
        return forward

    @property
    def block_map(self) -> np.ndarray:
        """[X y] = [X̃ ỹ]·B, B = [[A, γ], [0, s]] ((p + 1)²): the data's columns from the standardised."""
        p = self.p
        B = np.zeros((p + 1, p + 1))
        B[:p, :p] = self.column_map
        B[:p, p] = self.gamma
        B[p, p] = self.y_scale
        return B

    def original(self, gram: Gram) -> Gram:
        """The Gram blocks of the data's [Z X y] from those of [Z X̃ ỹ]: [X y]-columns multiplied by
        :attr:`block_map` — for inference written in the data's units (XᵀX, ZᵀX, yᵀy)."""
        B = self.block_map
        return replace(gram, first_tail=np.einsum("qcm,cd->qdm", gram.first_tail, B),
                       later_tail=gram.later_tail @ B, tail=B.T @ gram.tail @ B)

    def fixing(self, j: int, value: float) -> tuple[np.ndarray, Standardization]:
        """The model with βⱼ = ``value`` (xⱼβⱼ moved into the response, column j dropped), in the
        standardised columns: (R, its standardisation), R (p + 1) × p with [X̃' ỹ'] = [X̃ ỹ]·R.

        X̃' is X̃ without column j (for the intercept: the other columns uncentred, Xₖ/scaleₖ) and
        ỹ' = ỹ + X̃ⱼ·scaleⱼ((A⁻¹γ)ⱼ − value)/s: y − xⱼ·value less its least-squares part in X̃',
        on the scale s, so a likelihood profile keeps the digits the standardisation gave the fit.
        """
        p, kept = self.p, [c for c in range(self.p) if c != j]
        R = np.zeros((p + 1, p))
        R[kept, np.arange(p - 1)] = 1.0
        R[p, p - 1] = 1.0
        # y − xⱼv = X̃'γ' + s[ỹ + X̃ⱼ·scaleⱼ((A⁻¹γ)ⱼ − v)/s]: A⁻¹γ the least-squares fit in β's units
        R[j, p - 1] = self.scale[j] * (float((self.beta_map @ self.gamma)[j]) - value) / self.y_scale
        if j == self.intercept:
            R[j, np.arange(p - 1)] = self.centre[kept] / self.scale[kept]  # X̃ₖ + (cₖ/scaleₖ)·1 = Xₖ/scaleₖ
            moved = Standardization(np.zeros(p - 1), self.scale[kept], self.gamma[kept], self.y_scale, None)
        else:
            gamma = self.gamma.copy()
            if self.intercept is not None:
                gamma[self.intercept] -= value * self.centre[j]  # xⱼ = scaleⱼX̃ⱼ + cⱼ·1
            intercept = None if self.intercept is None else self.intercept - (self.intercept > j)
            moved = Standardization(self.centre[kept], self.scale[kept], gamma[kept], self.y_scale, intercept)
        return R, moved

    def beta(self, working: np.ndarray) -> np.ndarray:
        return self.beta_map @ (self.y_scale * working + self.gamma)

    def vcov(self, working: np.ndarray) -> np.ndarray:
        M = self.beta_map
        return self.y_scale**2 * (M @ working @ M.T)

    def criterion(self, working: float, nobs: int, reml: bool) -> float:
        """The criterion of the original data from that of the standardised: r² scales by s², and
        for REML log|R_X|² by |det A|² = Πscale²."""
        dof = nobs - (self.p if reml else 0)
        value = working + 2.0 * dof * math.log(self.y_scale)
        if reml:
            value += 2.0 * float(np.log(self.scale).sum())
        return value


def standardize(X: np.ndarray, y: np.ndarray) -> Standardization:
    """The centring and scaling for X (n × p) and y (offset removed); see the module docstring."""
    n, p = X.shape
    ones = [j for j in range(p) if np.all(X[:, j] == 1.0)]
    intercept = ones[0] if ones else None
    if intercept is not None:
        centre = X.mean(axis=0)
        centre[intercept] = 0.0
        spread = X.std(axis=0)
    else:
        centre = np.zeros(p)
        spread = np.sqrt(np.mean(X**2, axis=0)) if n else np.ones(p)
    scale = np.where(spread > 0, spread, 1.0)
    if intercept is not None:
        scale[intercept] = 1.0
    scaled = Standardization(centre, scale, np.zeros(p), 1.0, intercept)
    Xs = scaled.columns(X)
    gamma = np.linalg.lstsq(Xs, y, rcond=None)[0] if p else np.zeros(0)
    left = y - Xs @ gamma
    size = float(np.sqrt(np.mean(left**2))) if n else 0.0
    largest = float(np.max(np.abs(y))) if n else 0.0
    if not size > _EXACT * largest or not math.isfinite(size):
        return Standardization(centre, scale, np.zeros(p), 1.0, intercept)
    return Standardization(centre, scale, gamma, size, intercept)
