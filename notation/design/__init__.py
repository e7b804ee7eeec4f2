"""Data → fit problem: read files, code terms, build the Gram blocks of [Z X y].

Contract: :func:`read_data` (CSV, .csv.gz, Parquet → DataFrame), :func:`compile_design`
(Model + DataFrame → :class:`FitProblem`: Gram blocks and term shapes, the coded rows beside them).
Every problem with the data is a :class:`DataError`.
"""

from notation.design.compile import compile_design
from notation.design.gram import Gram
from notation.design.problem import FitProblem, Rows, Statistics, TermShape
from notation.design.read import read_data
from notation.design.terms import TermColumns

__all__ = [
    "FitProblem", "Gram", "Rows", "Statistics", "TermColumns", "TermShape", "compile_design", "read_data",
]
