"""Any data, any engine → :class:`~notation.design.problem.FitProblem` (DESIGN.md §9).

Contract: :func:`compile_data` opens ``data`` with :func:`notation.data.engines.open_data` and
compiles the model on it — in memory (:func:`~notation.design.compile.compile_design`, the rows
kept) when the engine is pandas, from the engine's sums otherwise
(:func:`~notation.design.from_table.compile_table`, ``rows=None``). The problem records its engine.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from notation.data.engines import open_data
from notation.data.read import R_MISSING
from notation.design.compile import compile_design
from notation.design.from_table import Progress, compile_table
from notation.design.problem import FitProblem
from notation.ir import SpecLike

__all__ = ["compile_data"]


def compile_data(spec: SpecLike, data: Any, engine: str = "auto", scheduler: Any = None,
                 progress: Progress | None = None, na: tuple[str, ...] = R_MISSING) -> FitProblem:
    """``spec``'s model compiled on ``data`` by ``engine`` (auto, pandas, duckdb, dask)."""
    opened = open_data(data, engine, scheduler, na)
    if isinstance(opened, pd.DataFrame):
        return compile_design(spec, opened)
    return compile_table(spec, opened, progress)
