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
from notation.ir.spec import Spec, SpecLike, Symbols, as_spec, block_columns
from notation.ir.symbols import Name, pointer_free
from notation.ir.system import (
    DistributionStatement,
    EquationSystem,
    Index,
    LevelEquation,
)
from notation.ir.terms import RandomBlock, Term

__all__ = [
    "DistributionStatement",
    "EquationSystem",
    "Index",
    "LevelEquation",
    "Model",
    "Name",
    "RandomBlock",
    "Residual",
    "Spec",
    "SpecLike",
    "Symbols",
    "Term",
    "as_spec",
    "block_columns",
    "categorical",
    "categorical_column",
    "expression_name",
    "is_syntactic",
    "level_label",
    "pointer_free",
    "variable_name",
]
