"""Model + rows → compiled design: the coded terms and the Gram blocks of [Z X y].

Contract: :func:`compile_design` (Model + DataFrame → :class:`Design`); the rows are read and coded
by ``notation.data`` (complete rows, model-matrix columns, rank check). Every problem with the
data is a :class:`DataError`.
"""

from notation.design.compile import Design, compile_design
from notation.design.gram import Gram
from notation.design.terms import RandomTerm

__all__ = ["Design", "Gram", "RandomTerm", "compile_design"]
