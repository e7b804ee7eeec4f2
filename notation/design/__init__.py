"""Data → compiled design: read files, code terms, build the Gram blocks of [Z X y].

Contract: :func:`read_data` (CSV, .csv.gz, Parquet → DataFrame), :func:`compile_design`
(Model + DataFrame → :class:`Design`). Every problem with the data is a :class:`DataError`.
"""

from notation.design.compile import Design, compile_design
from notation.design.gram import Gram
from notation.design.read import read_data
from notation.design.terms import RandomTerm

__all__ = ["Design", "Gram", "RandomTerm", "compile_design", "read_data"]
