"""Spec + rows → fit problem: the coded terms and the Gram blocks of [Z X y].

Contract: :func:`compile_design` (Spec or Model + DataFrame → :class:`FitProblem`: Gram blocks and
term shapes, the coded rows beside them); the rows are read and coded by ``notation.data``
(complete rows, model-matrix columns, rank check). Every problem with the data is a
:class:`DataError`.
"""

from notation.design.compile import compile_design
from notation.design.gram import Gram
from notation.design.problem import FitProblem, Rows, Statistics, TermShape
from notation.design.terms import TermColumns

__all__ = ["FitProblem", "Gram", "Rows", "Statistics", "TermColumns", "TermShape", "compile_design"]
