"""V_j = Z_jψZ_jᵀ + σ²I: the symbolic block equals numpy's product once numbers are put in; the ICC."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from notation.derive import icc, marginal_covariance
from notation.errors import SpecMeaningError
from notation.ir import Model, RandomBlock, Residual, Term

S = sp.Symbol
DAYS = Term.of("Days")
INTERCEPT = Model(S("Reaction"), True, (DAYS,), (RandomBlock(True, (), ("Subject",)),))
SLOPE = Model(S("Reaction"), True, (DAYS,), (RandomBlock(True, (DAYS,), ("Subject",)),))
PARAMETERS = {S("tau") ** 2: 2.0, S("tau_00"): 2.0, S("tau_10"): 0.3, S("tau_11"): 0.5, S("sigma") ** 2: 1.5}
DAYS_VALUES = [0.0, 1.0, 2.5, 4.0]


def _numpy_block(z: np.ndarray, psi: np.ndarray, sigma2: float) -> np.ndarray:
    return z @ psi @ z.T + sigma2 * np.eye(z.shape[0])


CASES = [
    (INTERCEPT, np.ones((4, 1)), np.array([[2.0]])),
    (SLOPE, np.column_stack([np.ones(4), DAYS_VALUES]), np.array([[2.0, 0.3], [0.3, 0.5]])),
]


@pytest.mark.parametrize(("model", "z", "psi"), CASES)
def test_block_with_symbols_equals_numpy(model: Model, z: np.ndarray, psi: np.ndarray) -> None:
    marginal = marginal_covariance(model, cluster_size=4)
    assert marginal.V is not None
    rows = {S(f"Days_{k + 1}j"): v for k, v in enumerate(DAYS_VALUES)}
    got = np.array(marginal.V.xreplace({**PARAMETERS, **rows}).evalf(), dtype=float)
    np.testing.assert_allclose(got, _numpy_block(z, psi, 1.5))


@pytest.mark.parametrize(("model", "z", "psi"), CASES)
def test_block_with_given_covariates_equals_numpy(model: Model, z: np.ndarray, psi: np.ndarray) -> None:
    marginal = marginal_covariance(model, covariates={"Days": DAYS_VALUES})
    assert marginal.V is not None
    got = np.array(marginal.V.xreplace(PARAMETERS).evalf(), dtype=float)
    np.testing.assert_allclose(got, _numpy_block(z, psi, 1.5))


def test_random_intercept_block_is_written_out() -> None:
    tau2, s2 = S("tau_00"), S("sigma") ** 2
    marginal = marginal_covariance(INTERCEPT, cluster_size=3)
    expected = sp.Matrix(3, 3, lambda r, c: tau2 + s2 if r == c else tau2)
    assert expected == marginal.V


@pytest.mark.parametrize(("kind", "entry"), [
    ("cs", lambda r, c: S("sigma") ** 2 * (1 if r == c else S("rho"))),
    ("ar1", lambda r, c: S("sigma") ** 2 * S("rho") ** abs(r - c)),
])
def test_residual_alternatives(kind: str, entry) -> None:
    model = Model(S("y"), True, (), (RandomBlock(True, (), ("g",)),), residual=Residual(kind))  # type: ignore[arg-type]
    marginal = marginal_covariance(model, cluster_size=3)
    assert sp.simplify(marginal.R - sp.Matrix(3, 3, entry)) == sp.zeros(3, 3)


def test_icc_of_random_intercept() -> None:
    assert sp.simplify(icc(INTERCEPT).value - S("tau_00") / (S("tau_00") + S("sigma") ** 2)) == 0


def test_icc_of_random_slope_depends_on_the_covariate() -> None:
    ratio = icc(SLOPE)
    assert ratio.covariates == (S("Days_ij"),)
    x = 2.5
    v = _numpy_block(np.array([[1.0, x]]), np.array([[2.0, 0.3], [0.3, 0.5]]), 1.5)[0, 0]
    expected = (v - 1.5) / v
    assert float(ratio.value.xreplace({**PARAMETERS, S("Days_ij"): x})) == pytest.approx(expected)


def test_icc_without_random_effects_is_an_error() -> None:
    with pytest.raises(SpecMeaningError, match="no random effects"):
        icc(Model(S("y"), True, (DAYS,)))
