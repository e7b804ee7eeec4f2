"""The intermediate representation: frozen dataclasses with SymPy inside.

``ir`` imports nothing else from the project; every other stage imports it.
"""

from notation.ir.model import Model, Residual
from notation.ir.names import (
    categorical,
    categorical_column,
    data_dependent,
    expression_name,
    is_syntactic,
    level_label,
    make_unique,
    matrix_columns,
    variable_name,
)
from notation.ir.schema import (
    CodedColumn,
    CodedTerm,
    ColumnSchema,
    DataSchema,
    GroupingSchema,
    Kind,
    categorical_source,
    code_terms,
    coded_name,
    is_categorical,
)
from notation.ir.spec import Spec, SpecLike, Symbols, as_spec, block_columns
from notation.ir.symbols import Name, pointer_free
from notation.ir.system import (
    DistributionStatement,
    EquationSystem,
    Index,
    LevelEquation,
)
from notation.ir.terms import STRUCTURES, RandomBlock, Structure, Term

__all__ = [
    "STRUCTURES",
    "CodedColumn",
    "CodedTerm",
    "ColumnSchema",
    "DataSchema",
    "DistributionStatement",
    "EquationSystem",
    "GroupingSchema",
    "Index",
    "Kind",
    "LevelEquation",
    "Model",
    "Name",
    "RandomBlock",
    "Residual",
    "Spec",
    "SpecLike",
    "Structure",
    "Symbols",
    "Term",
    "as_spec",
    "block_columns",
    "categorical",
    "categorical_column",
    "categorical_source",
    "code_terms",
    "coded_name",
    "data_dependent",
    "expression_name",
    "is_categorical",
    "is_syntactic",
    "level_label",
    "make_unique",
    "matrix_columns",
    "pointer_free",
    "variable_name",
]
