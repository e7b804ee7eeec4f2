"""Reading the terms of a reduced level-1 equation: fixed effects, random effects, residual.

Contract: :func:`classify` takes the level-1 right-hand side after substitution and expansion
(a sum of monomials) and sorts every monomial by DESIGN.md §3's rules:

- a symbol with no index (``gamma_00``, ``mu_alpha``, ``mu``) alone is the fixed intercept;
- a coefficient (no index) times variables (indexed) is a fixed effect; a product of several
  variables is an interaction (``gamma_11*Z_j*R_ij`` → ``R:Z``);
- an indexed symbol with no coefficient is a random effect when it carries only group indices
  (``u_0j``, ``gamma_c``, ``r_0jk``) — alone a random intercept, times variables a random slope —
  and the residual when it carries the observation index (``e_ij``);
- one coefficient (or random effect) on several products of variables multiplies their sum:
  ``beta_1*(X_ij - Xbar_j)`` is the one term ``I(X - Xbar)``, as lme4 would need it written;
- a random effect times a coefficient (``gamma_00*u_0j``) is an error, not an interaction.

Terms, factors within a term, and random effects keep the order in which ``appearance`` (the
symbols as the reader meets them) lists them; SymPy's own order is alphabetical.

Problems are reported through ``fail(symbol, message, hint)``, which raises with the symbol's
position in the spec.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

import sympy as sp

from notation.ir import Name, Term
from notation.parse.equations.anatomy import Indices
from notation.parse.equations.commands import GREEK

__all__ = ["Effects", "RandomEffect", "classify"]

Fail = Callable[[sp.Symbol | None, str, str], NoReturn]


@dataclass(frozen=True)
class RandomEffect:
    """One random effect: its symbol, the term it multiplies (None: intercept), its groups."""

    symbol: sp.Symbol
    term: Term | None
    groups: tuple[str, ...]


@dataclass
class Effects:
    """Everything the level-1 equation says, keyed by the IR's objects."""

    intercept: sp.Expr | None = None
    fixed: dict[Term, sp.Expr] = field(default_factory=dict)
    random: list[RandomEffect] = field(default_factory=list)
    residual: sp.Symbol | None = None
    variables: dict[str, sp.Expr] = field(default_factory=dict)
    # the effect of each further dummy of a factor → the effect that stands for the factor's term
    merged: dict[sp.Symbol, sp.Symbol] = field(default_factory=dict)


def classify(expr: sp.Expr, indices: Indices, known_random: set[sp.Symbol], fail: Fail,
             appearance: tuple[sp.Symbol, ...] = ()) -> Effects:
    """Sort the monomials of ``expr``; see the module docstring."""
    reader = _Reader(indices, known_random | _bare_group_symbols(expr, indices), fail, appearance)
    for monomial in sp.Add.make_args(expr):
        reader.monomial(monomial)
    return reader.finish()


def _bare_group_symbols(expr: sp.Expr, indices: Indices) -> set[sp.Symbol]:
    """Symbols standing alone that carry a group index: random intercepts for sure."""
    out = set()
    for monomial in sp.Add.make_args(expr):
        _, rest = monomial.as_coeff_Mul()
        if isinstance(rest, sp.Symbol) and indices.groups(indices.anatomy(rest)):
            out.add(rest)
    return out


class _Reader:
    def __init__(self, indices: Indices, known_random: set[sp.Symbol], fail: Fail,
                 appearance: tuple[sp.Symbol, ...]) -> None:
        self.indices, self.known_random, self.fail = indices, known_random, fail
        self.random_bases = {indices.anatomy(s).base for s in known_random}
        self.position = {s: k for k, s in reversed(list(enumerate(appearance)))}
        self.effects = Effects()
        # coefficient (or random effect) → the sum of the variable products it multiplies
        self.fixed_data: defaultdict[sp.Expr, sp.Expr] = defaultdict(lambda: sp.S.Zero)
        self.random_data: defaultdict[sp.Symbol, sp.Expr] = defaultdict(lambda: sp.S.Zero)

    def place(self, expr: sp.Expr) -> int:
        """Where the reader first meets ``expr``: its earliest symbol in the written order."""
        return min((self.position.get(s, len(self.position)) for s in expr.free_symbols), default=0)

    def indexed(self, factor: sp.Expr) -> bool:
        flags = {bool(self.indices.anatomy(s).indices) for s in factor.free_symbols
                 if isinstance(s, sp.Symbol)}
        if len(flags) > 1:
            self.fail(None, f"{factor} mixes coefficients and variables inside one function",
                      "apply functions to variables only, e.g. log(X_ij)")
        return flags == {True}

    def monomial(self, monomial: sp.Expr) -> None:
        number, rest = monomial.as_coeff_Mul()
        if rest == sp.S.One:
            if number != 0:
                self.fail(None, f"a constant {number} in the level-1 equation",
                          "write the intercept as a coefficient, e.g. gamma_00")
            return
        for symbol in rest.free_symbols:
            self.check_indices(symbol)
        factors = sp.Mul.make_args(rest)
        # a lone unindexed symbol is an intercept (mu, b0, gamma_00); in a product, an unindexed one
        # named like data (X, wave) is a variable whose index was left out
        # (beside an observation-level variable, an unindexed factor is its coefficient: b*X_ij)
        beside_data = any(self.indices.observation in self.indices.anatomy(s).indices
                          for f in factors if self.indexed(f)
                          for s in f.free_symbols if isinstance(s, sp.Symbol))
        unindexed_data = [f for f in factors if len(factors) > 1 and not beside_data
                          and self.unindexed_variable(f)]
        coefficients = [f for f in factors if not self.indexed(f) and f not in unindexed_data]
        variables = [f for f in factors if self.indexed(f) or f in unindexed_data]
        if not variables and len(factors) > 1:
            shown = " * ".join(map(str, factors))
            self.fail(next(iter(rest.free_symbols), None),
                      f"cannot tell which of {shown} is a coefficient and which a variable",
                      f"give the variable its index ({factors[-1]}_{self.indices.observation})")
        if not variables:
            self.intercept(rest)
        elif not coefficients and not any(self.indexed(f) for f in factors):
            shown = " * ".join(map(str, variables))
            self.fail(next(iter(rest.free_symbols), None), f"{shown} has no coefficient",
                      f"give it one, e.g. beta_1*{variables[0]}, and an index if it varies by "
                      f"observation ({variables[0]}_{self.indices.observation})")
        elif coefficients:
            self.fixed(sp.Mul(*coefficients), variables, number)
        else:
            self.random(variables, number)

    def check_indices(self, symbol: sp.Symbol) -> None:
        anatomy = self.indices.anatomy(symbol)
        unknown = self.indices.unknown_index(anatomy)
        if not anatomy.indices and unknown:
            self.unintroduced_index(symbol, unknown, f" or use a Gelman–Hill bracket {unknown}[i]")

    def unintroduced_index(self, symbol: sp.Symbol, letters: str, alternative: str = "") -> NoReturn:
        self.fail(symbol, f"index {letters} is used but never introduced",
                  f"list every index in the response's subscript (e.g. Y_i{letters}){alternative}")

    def intercept(self, coefficient: sp.Expr) -> None:
        if isinstance(coefficient, sp.Symbol):
            label = self.indices.anatomy(coefficient).label
            if len(label) == 1 and label.islower() and label.isalpha():
                self.unintroduced_index(coefficient, label)
        if self.effects.intercept is None:
            self.effects.intercept = coefficient
        elif coefficient != self.effects.intercept:
            self.fail(next(iter(coefficient.free_symbols), None),
                      f"two fixed intercepts, {self.effects.intercept} and {coefficient}",
                      "a term without an index is an intercept: give a predictor its index (X_ij) or "
                      "merge the constants into one coefficient")

    def unindexed_variable(self, factor: sp.Expr) -> bool:
        """A data variable written without its index (``beta_1 X``, equatiomatic's
        ``\\beta_{1}(\\operatorname{wave})``): no symbol of it is Greek or numbered like a coefficient
        (``b_1``), so it is read as varying by observation."""
        symbols = [s for s in factor.free_symbols if isinstance(s, sp.Symbol)]
        return bool(symbols) and all(self.looks_like_data(s) for s in symbols)

    def looks_like_data(self, symbol: sp.Symbol) -> bool:
        anatomy = self.indices.anatomy(symbol)
        letter = anatomy.base.split("^")[0]  # beta^* is a beta
        if anatomy.indices or letter in GREEK or symbol in self.known_random:
            return False
        if symbol.name.endswith("_"):
            return True  # written as a name (\operatorname{x}, prop\_low), as the scanner marks it
        # a lone lower-case letter (b, b_1, g) is a coefficient as papers write them; data are named
        return not (len(letter) == 1 and letter.islower())

    def looks_random(self, factor: sp.Expr) -> bool:
        """A group-level symbol numbered like an effect (``u_0j``, ``r_1jk``) or named like one."""
        if not isinstance(factor, sp.Symbol):
            return False
        anatomy = self.indices.anatomy(factor)
        if self.indices.observation in anatomy.indices:
            return False
        return (factor in self.known_random or anatomy.base in self.random_bases
                or anatomy.label[:1].isdigit())

    def fixed(self, coefficient: sp.Expr, variables: list[sp.Expr], number: sp.Expr) -> None:
        for factor in variables:
            if self.looks_random(factor):
                self.fail(factor, f"random effect {factor} is multiplied by coefficient {coefficient}",
                          f"a random effect is added, not multiplied: write {coefficient} + {factor}; "
                          "a random slope multiplies variables only (u_1j*X_ij)")
        data = number * sp.Mul(*variables)
        self.fixed_data[coefficient] += data

    def random(self, variables: list[sp.Expr], number: sp.Expr) -> None:
        symbols = [f for f in variables if isinstance(f, sp.Symbol)]
        if len(variables) == 1 and symbols:
            self.alone(symbols[0])
            return
        effect = self.pick_effect(symbols)
        data = number * sp.Mul(*(f for f in variables if f != effect))
        self.random_data[effect] += data

    def alone(self, symbol: sp.Symbol) -> None:
        anatomy = self.indices.anatomy(symbol)
        if self.indices.observation not in anatomy.indices:
            self.random_data[symbol] += 1
        elif anatomy.label[:1].isdigit() or self.effects.residual is not None:
            self.observation_error(symbol)
        else:
            self.effects.residual = symbol

    def pick_effect(self, symbols: list[sp.Symbol]) -> sp.Symbol:
        candidates = [s for s in symbols
                      if self.indices.observation not in self.indices.anatomy(s).indices]
        known = [s for s in candidates
                 if s in self.known_random or self.indices.anatomy(s).base in self.random_bases]
        for choice in (known, candidates):
            if len(choice) == 1:
                return choice[0]
        labelled = [s for s in symbols if self.indices.anatomy(s).label[:1].isdigit()]
        if not candidates and labelled:
            self.observation_error(labelled[0])
        shown = " * ".join(map(str, symbols))
        self.fail(symbols[0] if symbols else None,
                  f"cannot tell which of {shown} is the random effect",
                  "give fixed effects a coefficient (gamma_10*R_ij) and state random effects in a "
                  "distribution line, e.g. u_1j ~ N(0, tau_11)")

    def observation_error(self, symbol: sp.Symbol) -> NoReturn:
        obs = self.indices.observation
        self.fail(symbol, f"random effect {symbol} carries the observation index {obs}",
                  f"a random effect varies by group: drop {obs} from its subscript (u_0j, not u_0ij)")

    # -- collected products → terms, in the order the reader meets them -----------------------
    def finish(self) -> Effects:
        dummies: dict[tuple[tuple[str, ...] | None, Term], set[tuple[tuple[str, str], ...]]] = {}
        for coefficient in sorted(self.fixed_data, key=self.place):
            if coefficient == self.effects.intercept:
                self.fail(next(iter(coefficient.free_symbols), None),
                          f"{coefficient} is the intercept and also multiplies "
                          f"{self.fixed_data[coefficient]}",
                          "give each term its own coefficient (gamma_00 + gamma_10*X_ij)")
            term = self.data_term(coefficient, self.fixed_data[coefficient])
            levels = _levels(self.fixed_data[coefficient])
            if levels:  # one coefficient per dummy: the factor's term is one term of the formula
                dummies.setdefault((None, term), set()).add(levels)
            self.effects.fixed.setdefault(term, coefficient)
        stands_for: dict[tuple[tuple[str, ...], Term], sp.Symbol] = {}
        for effect in sorted(self.random_data, key=self.place):
            data = self.random_data[effect]
            slope = None if data.is_number else self.data_term(effect, data)
            levels = _levels(data)
            if slope is not None and levels:
                key = (self.indices.groups(self.indices.anatomy(effect)), slope)
                dummies.setdefault(key, set()).add(levels)
                if key in stands_for:
                    self.effects.merged[effect] = stands_for[key]
                    continue
                stands_for[key] = effect
            self.add_random(effect, slope)
        self.check_dummies(dummies)
        return self.effects

    def check_dummies(self, dummies: dict[tuple[tuple[str, ...] | None, Term],
                                         set[tuple[tuple[str, str], ...]]]) -> None:
        """A factor's term has a dummy for every level the equations show (and an interaction one for
        every pair): ``group_{low}`` without ``group_{medium}`` is no term a formula can write."""
        seen: dict[str, set[str]] = defaultdict(set)
        for combinations in dummies.values():
            for combination in combinations:
                for column, level in combination:
                    seen[column].add(level)
        for (groups, term), combinations in dummies.items():
            columns = sorted({c for combination in combinations for c, _ in combination})
            expected = {tuple(zip(columns, levels, strict=True))
                        for levels in itertools.product(*(sorted(seen[c]) for c in columns))}
            missing = expected - combinations
            if missing:
                shown = " × ".join(f"{c}_{{{lv}}}" for c, lv in sorted(missing)[0])
                where = "" if groups is None else f" varying by {', '.join(groups)}"
                self.fail(None, f"the term {term.label}{where} has dummies for some levels only: no {shown}",
                          "a factor's term has one coefficient per level (treatment contrasts): write "
                          "the missing level's, or make the dummy a variable of its own")

    def data_term(self, owner: sp.Expr, data: sp.Expr) -> Term:
        """The variables ``owner`` multiplies; several products make one summed factor."""
        _, product = sp.factor_terms(data).as_coeff_Mul()
        factors = sorted(sp.Mul.make_args(product), key=self.place)
        for factor in factors:
            if factor.is_Add and any(t.is_number for t in factor.args):
                symbol = owner if isinstance(owner, sp.Symbol) else None
                self.fail(symbol, f"{owner} stands alone and also multiplies variables",
                          "give each term its own coefficient or random effect (u_0j + u_1j*X_ij)")
        return self.term(factors)

    def add_random(self, symbol: sp.Symbol, term: Term | None) -> None:
        groups = self.indices.groups(self.indices.anatomy(symbol))
        if not groups:
            self.fail(symbol, f"{symbol} is read as a random effect but carries no group index",
                      "give a random effect its group's index (u_0j), and a fixed effect a coefficient "
                      "(gamma_10*X_ij)")
        self.effects.random.append(RandomEffect(symbol, term, groups))

    def term(self, variables: list[sp.Expr]) -> Term:
        factors = []
        for factor in variables:
            columns = {}
            for symbol in sorted(factor.free_symbols, key=self.place):
                column = self.indices.anatomy(symbol).column
                columns[symbol] = sp.Symbol(column)
                self.effects.variables.setdefault(column, symbol)
            factors.append(factor.xreplace(columns))
        return Term(tuple(factors))


def _levels(data: sp.Expr) -> tuple[tuple[str, str], ...]:
    """The factor levels of the dummies a product holds (``group_{low}*treatment_{1}``), by column."""
    out = set()
    for symbol in data.free_symbols:
        name = Name.of(symbol) if isinstance(symbol, sp.Symbol) else None
        if name is not None and name.level is not None:
            out.add((name.base, name.level))
    return tuple(sorted(out))
