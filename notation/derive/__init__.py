"""IR → derived forms: level equations, reduced, matrix, G/R, marginal covariance, ICC, bracket style.

Contract: every function takes a :class:`~notation.ir.Model` (or an EquationSystem) and returns
frozen dataclasses holding SymPy objects; the user's own symbols are kept, canonical ones are
used for formula specs. Nothing here prints: ``notation.render`` does.
"""

from notation.derive.bracket import bracket_system
from notation.derive.contrasts import with_contrasts
from notation.derive.covariance import (
    CovarianceStructures,
    GroupCovariance,
    covariance_structures,
    distribution_statements,
)
from notation.derive.estimates import parameter_values
from notation.derive.icc import IntraclassCorrelation, icc
from notation.derive.marginal import MarginalCovariance, marginal_covariance
from notation.derive.matrix import BlockDimensions, ClusterForm, MatrixForm, matrix_form
from notation.derive.multilevel import multilevel, multilevel_model
from notation.derive.reduced import ReducedForm, reduced_form
from notation.derive.symbols import ModelSymbols, model_symbols

__all__ = [
    "BlockDimensions",
    "ClusterForm",
    "CovarianceStructures",
    "GroupCovariance",
    "IntraclassCorrelation",
    "MarginalCovariance",
    "MatrixForm",
    "ModelSymbols",
    "ReducedForm",
    "bracket_system",
    "covariance_structures",
    "distribution_statements",
    "icc",
    "marginal_covariance",
    "matrix_form",
    "model_symbols",
    "multilevel",
    "multilevel_model",
    "parameter_values",
    "reduced_form",
    "with_contrasts",
]
