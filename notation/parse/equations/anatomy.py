"""What a written symbol is made of: base, label and index letters.

Contract: :class:`Indices` holds the index letters of a system — the observation index, the
group indices with their levels (from the response's subscript, lowest level first, and from
Gelman–Hill brackets ``j[i]``) — and :meth:`Indices.anatomy` splits a symbol such as
``beta_0j[i]`` into base ``beta``, label ``0`` and indices ``(j,)``; ``mu_alpha`` into base ``mu``
and label ``alpha`` with no indices. :func:`definition_key` is the name an equation defines:
``beta_0j[i]`` (used at level 1) and ``beta_0j`` (defined at level 2) are the same coefficient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from notation.ir import Name
from notation.parse.equations.commands import GREEK

__all__ = ["Anatomy", "Indices", "bracket_groups", "definition_key"]


def definition_key(symbol: sp.Symbol) -> str:
    """The coefficient a symbol names, with Gelman–Hill brackets dropped: ``beta_0j[i]`` → ``beta_0j``."""
    return Name.of(symbol).unpointed().text


def bracket_groups(symbol: sp.Symbol) -> tuple[tuple[str, str], ...]:
    """``a_s[i]`` → ``(("s", "i"),)``: group letter and the index it is looked up by."""
    name = Name.of(symbol)
    if not name.pointer or not name.subscript[-1:].islower():
        return ()
    return ((name.subscript[-1], name.pointer),)


@dataclass(frozen=True)
class Anatomy:
    """A symbol taken apart; ``indices`` in written order."""

    symbol: sp.Symbol
    base: str
    label: str
    indices: tuple[str, ...]

    @property
    def column(self) -> str:
        """The data column a variable symbol names: its base (``Age_ij`` → ``Age``), with a label
        that numbers the predictor (``X_{1ij}`` → ``X1``: ``X_{2ij}`` is another variable)."""
        return self.base + self.label


@dataclass(frozen=True)
class Indices:
    """The index letters of a system: ``levels`` maps each letter to its level (1 = observation)."""

    observation: str
    levels: dict[str, int]
    parents: dict[str, str] = field(default_factory=dict)  # Gelman–Hill nesting: gamma_k[j] puts j in k

    def anatomy(self, symbol: sp.Symbol) -> Anatomy:
        name = Name.of(symbol)
        if name.level is not None:  # group_{low}: a dummy of column group, which no index qualifies
            return Anatomy(symbol, name.base, "", ())
        if name.subscript in GREEK:
            return Anatomy(symbol, name.base, name.subscript, ())
        nested = name.nested
        if nested is not None and nested[1].base.partition("_")[0] in GREEK:
            # a parameter of a coefficient (equatiomatic's mean mu_{alpha_{j}}, variance sigma^2_{alpha_{j}}):
            # the nested subscript names which coefficient, the parameter itself does not vary by j
            return Anatomy(symbol, nested[0], nested[1].text, ())
        label, letters = name.split(self.levels)
        return Anatomy(symbol, name.base, label, tuple(letters))

    def unknown_index(self, anatomy: Anatomy) -> str | None:
        """The letters of a label such as ``0k`` that look like an index nobody introduced."""
        match = re.fullmatch(r"\d+([a-z]+)", anatomy.label)
        return match.group(1) if match else None

    def groups(self, anatomy: Anatomy) -> tuple[str, ...]:
        """The group indices a symbol carries, highest level first (``r_0jk`` → ``(k, j)``)."""
        letters = [x for x in anatomy.indices if x != self.observation]
        for letter in list(letters):
            while letter in self.parents and self.parents[letter] not in letters:
                letter = self.parents[letter]
                letters.append(letter)
        return tuple(sorted(dict.fromkeys(letters), key=lambda x: -self.levels[x]))
