"""The intermediate representation: frozen dataclasses with SymPy inside.

``ir`` imports nothing else from the project; every other stage imports it.
"""

from notation.ir.model import Model, Residual
from notation.ir.names import (
    categorical,
    categorical_column,
    expression_name,
    is_syntactic,
    level_label,
    variable_name,
)
from notation.ir.symbols import Name, pointer_free
from notation.ir.system import (
    DistributionStatement,
    EquationSystem,
    Index,
    LevelEquation,
    Notation,
)
from notation.ir.terms import RandomBlock, Term

__all__ = [
    "DistributionStatement",
    "EquationSystem",
    "Index",
    "LevelEquation",
    "Model",
    "Name",
    "Notation",
    "RandomBlock",
    "Residual",
    "Term",
    "categorical",
    "categorical_column",
    "expression_name",
    "is_syntactic",
    "level_label",
    "pointer_free",
    "variable_name",
]
