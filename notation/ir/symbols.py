"""Every naming rule of the notation: what a symbol's name is made of, and which names the toolkit gives.

A symbol of an equation is a SymPy ``Symbol`` whose name follows one convention, so that SymPy's
LaTeX printer already typesets it: ``base_subscript`` (``beta_0j`` → ``\\beta_{0j}``, ``Y_ij``,
``prior_score_ij`` — the subscript follows the *last* ``_``), optionally with a Gelman–Hill pointer
after it (``beta_0j[i]``: the coefficient of group ``j[i]``, the group of observation i).
:class:`Name` is that anatomy, the one place a name is taken apart or put together; a subscript
is a label (``0``, ``10``, ``alpha``) followed by index letters (``ij``), which only a system that
knows its indices can tell apart (:meth:`Name.split`).

The names the toolkit chooses live here too, so that parse, derive and render agree:
index letters (i, then j, k, l, … by level), the letters of coefficients and random effects by
level, the residual ``e`` and its variance σ², numbered subscripts, data variables at an index,
and the entries of each random-effect covariance matrix ψ (:func:`covariance_matrix`,
:func:`grouping_marks`): ``tau_00``, ``tau_10``, ``tau_11`` for one grouping factor; with several,
every grouping but the first marks its entries with its effects' letter (``tau_v00`` for
``v_0k``), or, where the letter does not tell the groupings apart (β style writes every effect
``b``), with its index letter (``tau_k00``).
"""

from __future__ import annotations

import re
from collections.abc import Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import sympy as sp

__all__ = [
    "MAX_NESTED_DEPTH",
    "OBSERVATION_INDEX",
    "RESIDUAL",
    "RESIDUAL_CORRELATION",
    "RESIDUAL_VARIANCE",
    "Name",
    "block_covariance_matrices",
    "bracketed",
    "canonical_coefficient",
    "canonical_effect_letter",
    "coefficient_letter",
    "covariance_entry_base",
    "covariance_matrix",
    "covariance_name",
    "crossed_effect_letter",
    "data_column",
    "deviation_symbol",
    "effect_label",
    "factor_level",
    "group_index_letters",
    "grouping_marks",
    "intraclass_symbol",
    "line_coefficient",
    "mean_symbol",
    "names_a_matrix",
    "nested_effect_letter",
    "number_subscript",
    "pointer_free",
    "residual_symbol",
    "several_groupings",
    "subscripted",
    "with_subscript",
]

Grouping = TypeVar("Grouping", bound=Hashable)

OBSERVATION_INDEX = "i"
# group indices by level (j: level 2, k: level 3, …), skipping letters that read as other things
_GROUP_INDICES = "jklmnpqrstvw"
RESIDUAL = "e"
# σ², the residual variance wherever a spec names none; ρ, the residuals' correlation (CS, AR(1))
RESIDUAL_VARIANCE = sp.Symbol("sigma") ** 2
RESIDUAL_CORRELATION = sp.Symbol("rho")
COVARIANCE_BASE = "tau"
# ψ's letter (LatexOptions.covariance) → the base of its entries: T has τ_{00}, ψ ψ_{00}, G g_{00}
_ENTRY_BASES = {"tau": "tau", "psi": "psi", "G": "g"}
# a formula's canonical letters by style: regression β_k with effects b; multilevel γ_k0 with u
_CANONICAL = {"beta": ("beta", "b"), "gamma": ("gamma", "u")}
# Raudenbush & Bryk's letters: coefficients by level, from level 1 up, for a system of each depth
_COEFFICIENTS = {1: ("beta",), 2: ("beta", "gamma"), 3: ("pi", "beta", "gamma"),
                 4: ("pi", "beta", "gamma", "delta")}
# random effects of a nested system by level (2, 3, …) for each depth, as Raudenbush & Bryk; a second
# block on the same coefficient of a grouping ((x | g) + (1 | g)) takes the next spare letter
_NESTED_EFFECTS = {2: ("u",), 3: ("r", "u"), 4: ("r", "u", "v")}
_SPARE_EFFECTS = "wzqsv"
# the deepest nested system that has letters: level 1 and three grouping levels
MAX_NESTED_DEPTH = max(_NESTED_EFFECTS)
# random effects of one flat (crossed) equation: one letter per grouping factor
_CROSSED_EFFECTS = "uvwabcdfgh"


@dataclass(frozen=True)
class Name:
    """A symbol's name taken apart: ``beta_0j[i]`` is base ``beta``, subscript ``0j``, pointer ``i``."""

    base: str
    subscript: str = ""
    pointer: str = ""

    @classmethod
    def of(cls, symbol: sp.Symbol | str) -> Name:
        text = symbol if isinstance(symbol, str) else symbol.name
        base, sep, subscript = text.rpartition("_")
        if not sep:
            return cls(text)
        pointer = ""
        if subscript.endswith("]") and "[" in subscript:
            subscript, _, pointer = subscript[:-1].partition("[")
        return cls(base, subscript, pointer)

    @property
    def text(self) -> str:
        if not self.subscript and not self.pointer:
            return self.base
        pointer = f"[{self.pointer}]" if self.pointer else ""
        return f"{self.base}_{self.subscript}{pointer}"

    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.text)

    def split(self, indices: Container[str]) -> tuple[str, str]:
        """(label, index letters): the subscript's trailing run of ``indices`` letters is its indices
        (``0jk`` → ``0``, ``jk``; ``ij`` → "", ``ij``); ``alpha`` stays a label when ``a`` is no index."""
        cut = len(self.subscript)
        while cut > 0 and self.subscript[cut - 1] in indices:
            cut -= 1
        return self.subscript[:cut], self.subscript[cut:]

    @property
    def nested(self) -> tuple[str, Name] | None:
        """A base holding a subscript of its own (equatiomatic's ``mu_{alpha_{j}}`` is ``mu_alpha_j``):
        the outer letter and the name nested in its subscript (``mu``, ``alpha_j``); else None."""
        outer, sep, inner = self.base.partition("_")
        return (outer, Name(inner, self.subscript, self.pointer)) if sep else None

    @property
    def level(self) -> str | None:
        """A factor level as a subscript (equatiomatic's ``\\operatorname{group}_{\\operatorname{low}}``,
        named ``group_{low}``): the treatment-contrast dummy of column ``base`` for level ``low``."""
        if self.subscript.startswith("{") and self.subscript.endswith("}") and not self.pointer:
            return self.subscript[1:-1]
        return None

    @property
    def plain_base(self) -> str:
        """The base without superscripts: ``gamma^alpha`` → ``gamma`` (equatiomatic's γ^α_{1k[i]} in a
        mean is the γ_{1k} its vector of effects lists)."""
        return self.base.split("^")[0]

    def unpointed(self) -> Name:
        return replace(self, pointer="")

    def with_subscript(self, subscript: str, pointer: str = "") -> Name:
        return replace(self, subscript=subscript, pointer=pointer)


def factor_level(column: str, level: str) -> sp.Symbol:
    """The dummy of ``column`` for ``level`` (:attr:`Name.level`): ``group``, ``low`` → ``group_{low}``."""
    return sp.Symbol(f"{column}_{{{level}}}")


_SEVERAL = re.compile(r"(.*?)([a-z])\[([a-z])\]((?:,[a-z]\[[a-z]\])+)")


def several_groupings(symbol: sp.Symbol) -> tuple[sp.Symbol, ...]:
    """A coefficient that varies over several groupings, as equatiomatic writes it: ``alpha_j[i],k[i]``
    (printed ``\\alpha_{j[i],k[i]}``) is α of j plus α of k, ``(alpha_j[i], alpha_k[i])``;
    ``beta_1j[i],k[i]`` → ``(beta_1j[i], beta_1k[i])``. A symbol of one grouping gives ``()``."""
    base, sep, subscript = symbol.name.rpartition("_")
    match = _SEVERAL.fullmatch(subscript) if sep else None
    if match is None:
        return ()
    label, first, pointer, rest = match.groups()
    parts = [(first, pointer)] + [(g, p) for g, p in re.findall(r"([a-z])\[([a-z])\]", rest)]
    return tuple(Name(base, label + group, lookup).symbol() for group, lookup in parts)


def line_coefficient(symbol: sp.Symbol, letter: str) -> sp.Symbol:
    """A coefficient of the mean on grouping ``letter``'s line, told apart from the same name on another
    line (equatiomatic numbers each line's γ afresh): ``gamma^alpha_1``, ``k`` → ``gamma^alpha^k_1``."""
    name = Name.of(symbol)
    return replace(name, base=f"{name.base}^{letter}").symbol()


def names_a_matrix(expr: sp.Expr) -> bool:
    """Whether ``expr`` is a symbol named as papers name matrices: a capital (Σ, T, G, R, Omega, V);
    σ², τ_00 and s^2 are scalars."""
    return isinstance(expr, sp.Symbol) and Name.of(expr).base[:1].isupper()


def pointer_free(expr: sp.Expr) -> sp.Expr:
    """``beta_0j[i]`` → ``beta_0j``: the coefficient a bracketed symbol names; other expressions stay."""
    if not isinstance(expr, sp.Symbol):
        return expr
    name = Name.of(expr)
    return name.unpointed().symbol() if name.pointer else expr


# -- the toolkit's own names ---------------------------------------------------------------------
def group_index_letters(count: int) -> str:
    """The index letters of ``count`` group levels: ``jk`` for two."""
    if count > len(_GROUP_INDICES):
        raise ValueError(f"at most {len(_GROUP_INDICES)} group levels can be lettered")
    return _GROUP_INDICES[:count]


def coefficient_letter(level: int, depth: int) -> str:
    """The coefficient letter at ``level`` of a system with ``depth`` levels: β, γ (two); π, β, γ (three)."""
    return _COEFFICIENTS[depth][level - 1]


def nested_effect_letter(level: int, depth: int, copy: int = 0) -> str:
    """The random-effect letter of ``level`` (≥ 2) in a nested system: u (two levels); r, u (three);
    ``copy`` > 0 for a further block on the same coefficient: a letter no level uses."""
    if copy == 0:
        return _NESTED_EFFECTS[depth][level - 2]
    spare = [c for c in _SPARE_EFFECTS if c not in _NESTED_EFFECTS[depth]]
    return spare[(copy - 1) % len(spare)]


def crossed_effect_letter(position: int) -> str:
    """The random-effect letter of the ``position``-th grouping factor of one flat equation: u, v, w, …"""
    return _CROSSED_EFFECTS[position]


def canonical_coefficient(number: int, style: str) -> sp.Symbol:
    """A formula's k-th fixed coefficient: β_k (``style="beta"``) or γ_{k0}, the level-2 intercept of
    the k-th level-1 coefficient (``"gamma"``); k = 0 is the intercept."""
    base = _CANONICAL[style][0]
    return Name(base, str(number) if style == "beta" else number_subscript(number, 0)).symbol()


def canonical_effect_letter(style: str) -> str:
    """The letter of a formula's random effects: b (regression style) or u (multilevel)."""
    return _CANONICAL[style][1]


def covariance_entry_base(letter: str) -> str:
    """The base of ψ's entries for ψ's letter: ``tau`` for T, ``psi`` for ψ, ``g`` for G."""
    return _ENTRY_BASES[letter]


def covariance_name(position: int) -> sp.Symbol:
    """The name a distribution line gives the ψ of several effects: T, then T_1, T_2, … by grouping."""
    return sp.Symbol("T" if position == 0 else f"T_{position}")


def deviation_symbol(coefficient: sp.Symbol) -> sp.Symbol:
    """The zero-mean deviation of a varying coefficient that has a mean (``alpha_c ~ N(mu_alpha, .)``):
    ``alpha_c`` → ``alphatilde_c``, printed α̃_c, so that the reduced form does not count the mean twice."""
    name = Name.of(coefficient)
    return replace(name, base=name.base + "tilde").symbol()


def mean_symbol(coefficient: sp.Symbol) -> sp.Symbol:
    """The mean of a varying coefficient the spec leaves unstated, Gelman and Hill's μ_α for α_j:
    ``alpha_c`` → ``mu_alpha``, ``beta_0j`` → ``mu_beta0``."""
    name = Name.of(coefficient)
    label = "".join(c for c in name.subscript if c.isdigit())
    return Name("mu", name.base + label).symbol()


def intraclass_symbol(grouping: Sequence[str]) -> sp.Symbol:
    """ρ of a grouping factor's intraclass correlation: ``rho_school``."""
    return Name("rho", ":".join(grouping).replace("_", "")).symbol()


def bracketed(name: Name, observation: str, groups: str) -> Name:
    """``name`` in Gelman–Hill brackets: ``Y_ij`` → ``Y_i``, ``beta_0j`` → ``beta_0j[i]``; subscripts
    that are not indices (``alpha``, ``00``) and names already bracketed stay."""
    subscript = name.subscript
    if name.pointer or not subscript or any(not (c.isdigit() or c in groups or c == observation)
                                            for c in subscript):
        return name
    if observation in subscript:
        return name.with_subscript("".join(c for c in subscript if c not in groups))
    return name.with_subscript(subscript, observation if any(c in groups for c in subscript) else "")


def number_subscript(*numbers: int | str) -> str:
    """Numbers as one subscript: ``10`` for (1, 0); commas once any has two digits (``12,0``)."""
    parts = [str(n) for n in numbers]
    return "".join(parts) if all(len(p) == 1 for p in parts) else ",".join(parts)


def residual_symbol(subscript: str) -> sp.Symbol:
    """The residual at ``subscript``: ``e_ij``."""
    return Name(RESIDUAL, subscript).symbol()


def subscripted(column: str, subscript: str) -> sp.Symbol:
    """The symbol for data column ``column`` at ``subscript`` (``Days``, ``ij`` → ``Days_ij``)."""
    return Name(column, subscript).symbol()


def data_column(symbol: sp.Symbol, columns: Iterable[str]) -> tuple[str, str] | None:
    """(column, subscript) when ``symbol`` is data column ``column`` at an index (``Days_ij`` →
    (Days, ij)), else None. A column's name may hold ``_`` (``prior_score_ij``): the longest wins."""
    for column in sorted(columns, key=len, reverse=True):
        if symbol.name == column:
            return column, ""
        if symbol.name.startswith(column + "_"):
            return column, symbol.name[len(column) + 1:]
    return None


def with_subscript(expr: sp.Expr, subscript: str) -> sp.Expr:
    """``expr`` (in data-column symbols) with every variable at ``subscript`` (``log(X)`` → ``log(X_ij)``)."""
    return expr.xreplace({s: subscripted(s.name, subscript) for s in expr.free_symbols
                          if isinstance(s, sp.Symbol)})


# -- the covariance of random effects -------------------------------------------------------------
def effect_label(effect: sp.Symbol, indices: Container[str] = ()) -> str:
    """What numbers a random effect within its grouping: ``u_1j`` → ``1``, ``u_10k`` → ``10``,
    ``v_0k[i]`` → ``0``; without digits (``alpha_j``), the label before the index letters."""
    name = Name.of(effect)
    digits = "".join(c for c in name.subscript if c.isdigit() or c == ",")
    return digits or name.split(indices)[0]


def grouping_marks(effect_bases: Sequence[Iterable[str]], index_letters: Sequence[str]) -> list[str]:
    """The mark of each grouping's ψ entries, groupings in order: "" for the first; then the grouping's
    effect letter when it is its own and tells the groupings apart, else its index letter."""
    bases = [frozenset(b) for b in effect_bases]
    marks: list[str] = []
    for k, (own, letter) in enumerate(zip(bases, index_letters, strict=True)):
        if k == 0:
            marks.append("")
            continue
        others = frozenset().union(*(b for n, b in enumerate(bases) if n != k))
        distinct = len(own) == 1 and not own & others
        marks.append(next(iter(own)) if distinct else letter)
    return marks


def block_covariance_matrices(blocks: Sequence[tuple[Grouping, Sequence[str], str]],
                              marks: Mapping[Grouping, str]) -> list[sp.ImmutableMatrix]:
    """ψ of each block, given as (grouping, its effects' labels, their letter), in order: entries
    marked by the grouping's mark; a block whose labels an earlier block of its grouping used
    ((x | g) + (1 | g): u_0j and w_0j) adds its effect letter, so no entry names two parameters."""
    used: dict[Grouping, set[str]] = {}
    out = []
    for grouping, labels, letter in blocks:
        seen = used.setdefault(grouping, set())
        mark = marks[grouping] + (letter if seen & set(labels) else "")
        seen |= set(labels)
        out.append(covariance_matrix(labels, mark))
    return out


def covariance_matrix(labels: Sequence[str], mark: str = "", base: str = COVARIANCE_BASE
                      ) -> sp.ImmutableMatrix:
    """ψ of effects labelled ``labels``, symmetric: ``tau_00``, ``tau_10``, ``tau_11``; entries of a
    marked grouping ``tau_v00``. A lone multi-digit label is its own subscript (``u_00k`` → ``tau_00``);
    several are joined by commas (``tau_{10,00}``)."""
    size = len(labels)

    def entry(row: int, column: int) -> sp.Symbol:
        high, low = labels[max(row, column)], labels[min(row, column)]
        pair = high if size == 1 and len(high) > 1 else number_subscript(high, low)
        return sp.Symbol(f"{base}_{mark}{pair}")
    return sp.ImmutableMatrix(size, size, entry)
