"""Which index each grouping gets, and at which level each predictor lives.

Contract: :func:`hierarchy` reads a model's groupings: none → one level; groupings that nest
(``(1|k) + (1|k:j)``) → one level each, lowest level first (``i`` in ``j`` in ``k``); anything
else (crossed groupings) → a flat system where every grouping is an index at level 2, written
with Gelman–Hill brackets. :func:`predictor_levels` gives each fixed-effect variable a level:
declared (``{"Z": "j"}`` or ``{"Z": "school"}``), else inferred from the data schema (constant
within every group of an index → that level; the highest such level wins, as equatiomatic does),
else level 1. A variable with a random slope is a level-1 variable: it varies within groups.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from notation.errors import SpecMeaningError
from notation.ir import DataSchema, Model
from notation.ir.symbols import OBSERVATION_INDEX, group_index_letters

__all__ = ["Hierarchy", "hierarchy", "predictor_levels"]


@dataclass(frozen=True)
class Hierarchy:
    """Index letters by level (``letters[0]`` is the observation), the grouping (data columns) of
    each level ≥ 2, the column an index line names, and whether the levels nest."""

    letters: tuple[str, ...]
    groupings: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    nested: bool

    @property
    def depth(self) -> int:
        return len(self.letters)

    def level_of(self, grouping: tuple[str, ...]) -> int:
        return 2 + [frozenset(g) for g in self.groupings].index(frozenset(grouping))


def hierarchy(model: Model) -> Hierarchy:
    """See the module docstring."""
    groupings = sorted(model.groupings, key=len, reverse=True)
    chain = all(set(low) > set(high) for low, high in itertools.pairwise(groupings))
    if not chain:
        groupings = list(model.groupings)
    columns = tuple(
        ":".join(g if not chain or k + 1 == len(groupings) else [c for c in g if c not in groupings[k + 1]])
        for k, g in enumerate(groupings)
    )
    letters = (OBSERVATION_INDEX, *group_index_letters(len(groupings)))
    return Hierarchy(letters, tuple(tuple(g) for g in groupings), columns, chain)


def predictor_levels(model: Model, shape: Hierarchy, schema: DataSchema | None,
                     declared: Mapping[str, str]) -> dict[str, int]:
    """The level of every variable in the fixed part; see the module docstring."""
    fixed = frozenset().union(*(t.variables for t in model.fixed)) if model.fixed else frozenset()
    sloped = frozenset().union(*(b.variables for b in model.random)) if model.random else frozenset()
    for name in declared:
        if name not in fixed:
            known = ", ".join(sorted(fixed)) or "none"
            raise SpecMeaningError(f"--level {name}=..., but the model has no fixed effect of {name}",
                                   hint=f"the fixed-effect variables are {known}")
    levels = {}
    for name in sorted(fixed):
        if name in sloped or not shape.nested:
            levels[name] = 1
        elif name in declared:
            levels[name] = _declared_level(name, declared[name], shape)
        elif schema is not None:
            levels[name] = _inferred_level(name, shape, schema)
        else:
            levels[name] = 1
    return levels


def _declared_level(name: str, value: str, shape: Hierarchy) -> int:
    for level, (letter, column) in enumerate(zip(shape.letters[1:], shape.columns, strict=True), start=2):
        if value in (letter, column):
            return level
    if value in (shape.letters[0], "1"):
        return 1
    raise SpecMeaningError(f"--level {name}={value}: no index or grouping is called {value}",
                           hint=f"use one of {', '.join(shape.letters + shape.columns)}")


def _inferred_level(name: str, shape: Hierarchy, schema: DataSchema) -> int:
    for level in range(shape.depth, 1, -1):
        if name in schema.grouping(shape.groupings[level - 2]).constant:
            return level
    return 1
