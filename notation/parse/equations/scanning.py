"""Equation text (LaTeX as papers print it, or plain text) → statements of grammar tokens.

Contract: :func:`scan` splits a spec into :class:`Statement` s — one per line, ``$$…$$`` display,
or ``\\\\``-separated row of an ``aligned`` block — and returns with them the index lines
(``j: school``) that :mod:`~notation.parse.equations.prose` finds while it blanks comments and prose.
Each statement is a tuple of Lark tokens carrying their line and column in the original text, with
layout removed: ``$`` delimiters, ``&`` alignment marks, ``\\quad``, ``\\left(``, labels such as
``L1 :`` or ``Level 2:`` and trailing punctuation (``u_{1j}.``).
Unicode Greek letters are names as their commands are (``β_0j`` is ``\\beta_{0j}``), ``²`` is ``^2``.

Names follow TeX's rule on LaTeX lines (those with a backslash or ``$``): ``_`` takes one
character, one command or one ``{group}``, so ``\\beta_2X_{ij}`` is ``beta_2`` then ``X_ij``. In
plain text ``_`` takes the following run of letters and digits (``beta_0j``); the scripts are read
by :class:`~notation.parse.equations.cursor.Cursor`, the scanner's base. Either way a run of
letters is one name (``Age``, ``WBC``), and a symbol's token value is its canonical name
``base^sup_sub`` (``beta_0j``, ``beta_0j[i]``, ``mu_alpha``), as notation.ir.system prescribes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token

from notation.ir.symbols import factor_level
from notation.parse.equations.commands import (
    ACCENTS,
    DISTRIBUTION_NAMES,
    FUNCTIONS,
    GREEK,
    LAYOUT_ENVIRONMENTS,
    MATRIX_ENVIRONMENTS,
    SKIPPED,
    SUPERSCRIPT_DIGITS,
    TOKEN_COMMANDS,
    UNICODE_GREEK,
    WRAPPERS,
)
from notation.parse.equations.cursor import Cursor, plain_script
from notation.parse.equations.prose import SEPARATOR, IndexLine, equation_text

__all__ = ["Statement", "scan"]


@dataclass(frozen=True)
class Statement:
    """One equation, continuation or distribution statement, as tokens."""

    tokens: tuple[Token, ...]


_LABEL = re.compile(r"^(?:L|Level|level|LEVEL|Lvl)\d*$")
_TEXT_LABEL = re.compile(r"^(?:L|Level|level|LEVEL|Lvl) ?\d+ ?:$")
_PUNCTUATION = {
    "+": "_PLUS", "-": "_MINUS", "−": "_MINUS", "*": "_STAR", "×": "_STAR", "·": "_STAR", "/": "_SLASH",
    "^": "_CARET", "=": "_EQUAL", "~": "_TILDE", "∼": "_TILDE", ",": "_COMMA", ":": "_COLON",
    "(": "_LPAR", ")": "_RPAR", "[": "_LPAR", "]": "_RPAR", "{": "_LPAR", "}": "_RPAR", ".": "_PERIOD",
}
_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
# a run of letters is one name; with escaped underscores too (prop\_low: equatiomatic's ital_vars = TRUE)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\\_[A-Za-z0-9]+)*")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
# Goldstein's cross-classified subscript: y_{i(jk)} is unit i in cell (j, k) of two crossed groupings —
# Gelman–Hill's y_i beside effects u_j, v_k, as the rest of the system writes them
_CROSS_CLASSIFIED = re.compile(r"^([a-z])\(([a-z]{2,})\)$")
# a wrapped name that is an expression: a function command or a power inside \operatorname{…}
_EXPRESSION = re.compile(r"\\(?:log|ln|exp|sqrt)\b|\^")
_UNDERSCORED = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\\_[A-Za-z0-9]+)+")
# responses of generalised models (equatiomatic prints glmer fits with \operatorname{Binomial}(…))
_OTHER_FAMILIES = frozenset({"binomial", "bernoulli", "poisson", "gamma", "negbin", "nb", "beta", "binom",
                             "pois"})
# wrappers that write a name as a word: a single letter in them is a variable (\mathbf{u} is a vector)
_NAMING_WRAPPERS = frozenset({"operatorname", "text", "textrm", "mathrm"})
# equatiomatic's factor level after a wrapped name: _{\operatorname{low}}
_LEVEL = re.compile(r"[\s{]*\\operatorname\s*\{([^{}]*)\}[\s}]*")
# colour commands (equatiomatic's var_colors, greek_colors): the colour is no part of the model
_COLOR = re.compile(r"\\(?:color|textcolor)\s*\{[^{}]*\}|\\definecolor\s*(?:\{[^{}]*\}){3}")
# the next row of a wrapped sum begins with its operator: &\quad + \beta_{2}(z)
_OPERATOR_NEXT = re.compile(r"\s*&?\s*(?:\\quad\s*|\\qquad\s*)*[+\-−]")
# what equatiomatic prints for a fit (use_coefs = TRUE): an estimate in place of a coefficient
_ESTIMATE = re.compile(r"\d+(?:\.\d+)?_\{")


def scan(text: str) -> tuple[list[Statement], list[IndexLine]]:
    """Split ``text`` into statements and index lines; see the module docstring."""
    body, index_lines = equation_text(text)
    body = _uncoloured(body)
    return _Scanner(body, original=text).run(), index_lines


def _uncoloured(text: str) -> str:
    """``text`` with its colours blanked, every other character in place: equatiomatic's colorize
    writes ``{\\color{blue}{\\operatorname{wave}}}``, the braces around the coloured part blanked with
    the command (so that ``{\\color{red}{\\beta}}_{1}`` is ``\\beta_{1}``); a bare ``\\color{red}`` goes."""
    chars = list(text)
    for match in _COLOR.finditer(text):
        chars[match.start():match.end()] = " " * (match.end() - match.start())
        outer = match.start() - 1
        while outer >= 0 and text[outer] == " ":
            outer -= 1
        inner = match.end()
        while inner < len(text) and text[inner].isspace():
            inner += 1
        script = text[outer - 1:outer] in ("_", "^")
        if outer < 0 or text[outer] != "{" or not text.startswith("{", inner) or script:
            continue  # a script's own braces (\\alpha_{\\color{red}{j}}) stay
        close = _closing(text, inner)
        after = close + 1 if close is not None else len(text)
        while after < len(text) and text[after] == " ":
            after += 1
        if close is not None and text.startswith("}", after):
            for position in (outer, inner, close, after):
                chars[position] = " "
    return "".join(chars)


def _closing(text: str, start: int) -> int | None:
    """The position of the brace that closes the one at ``start``."""
    depth = 0
    for position in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            return position
    return None


class _Scanner(Cursor):
    """A one-pass scanner; ``tokens`` collects the current statement."""

    def __init__(self, text: str, *, original: str) -> None:
        super().__init__(text, original=original)
        self.tokens: list[Token] = []
        self.statements: list[Statement] = []
        self.matrix_depth = 0
        self.inline = False
        self.layout_depth = 0  # inside \begin{aligned} … \end{aligned}: rows end at \\, not at line ends
        self.arrays: list[bool] = []  # per open array: whether it is a vector or matrix in \left( \right)
        self.drop_rpar = False
        self.sums: list[int] = []  # per aligned inside parentheses (a wrapped sum): the matrix depth there

    def emit(self, kind: str, value: str, start: int) -> None:
        if kind == "_RPAR" and self.drop_rpar:  # the \right) around a vector read as a matrix
            self.drop_rpar = False
            return
        if kind == "_COMMA" and self.separates_statements():
            self.end_statement()  # e_ij ~ N(0, s^2), u_0j ~ N(0, t): a list of statements on one line
            return
        if kind == "_AMP" and self.tokens and self.tokens[-1].type in ("_MATBEGIN", "_ROWSEP") \
                and self.arrays and self.arrays[-1]:
            return  # equatiomatic aligns each entry of a vector with a leading &
        line, column = self.where(start)
        end_line, end_column = self.where(self.pos)
        self.tokens.append(Token(kind, value, start_pos=start, line=line, column=column,
                                 end_line=end_line, end_column=end_column, end_pos=self.pos))

    # -- statements ----------------------------------------------------------------------------
    def run(self) -> list[Statement]:
        while self.pos < len(self.text):
            self.step()
        self.end_statement()
        return self.statements

    def end_statement(self) -> None:
        tokens = _without_label(self.tokens)
        while tokens and tokens[0].type in ("_PERIOD", "_COMMA"):
            tokens.pop(0)
        while tokens and tokens[-1].type in ("_PERIOD", "_COMMA"):
            tokens.pop()
        if tokens:
            self.statements.append(Statement(tuple(tokens)))
        self.tokens = []

    def step(self) -> None:
        text, pos = self.text, self.pos
        char = text[pos]
        if char == "\n" or char == SEPARATOR:
            self.pos += 1
            if char == SEPARATOR or not (self.matrix_depth or self.layout_depth or self.continues()):
                self.end_statement()
        elif char.isspace():
            self.pos += 1
        elif char == "$":
            self.math_delimiter()
        elif char in UNICODE_GREEK:
            self.name(UNICODE_GREEK[char], pos, pos + 1)
        elif char in SUPERSCRIPT_DIGITS:
            self.pos += 1
            self.emit("_CARET", "^", pos)
            self.emit("NUMBER", SUPERSCRIPT_DIGITS[char], pos)
        elif char == "\\":
            self.command()
        elif char == "&":
            self.pos += 1
            if self.matrix_depth:
                self.emit("_AMP", "&", pos)
        elif word := _WORD.match(text, pos):
            self.name(word.group(0).replace("\\_", "_"), pos, word.end())
        elif _ESTIMATE.match(text, pos):
            end = text.index("_", pos)
            raise self.error(f"the number {text[pos:end]} stands in place of a coefficient: these "
                             "equations describe a fitted model (estimates), not the model", pos, end + 1,
                             "paste the equations with their symbols (equatiomatic: extract_eq(model) "
                             "without use_coefs = TRUE)")
        elif number := _NUMBER.match(text, pos):
            self.pos = number.end()
            self.emit("NUMBER", number.group(0), pos)
        elif char in _PUNCTUATION:
            self.pos += 1
            self.emit(_PUNCTUATION[char], char, pos)
        else:
            raise self.error(f"unexpected character {char!r}", pos, pos + 1,
                             "equations use letters, digits, + - * / ^ = ~ ( ) and LaTeX commands")

    def math_delimiter(self) -> None:
        """``$$`` ends a statement. Closing inline math ends one too (``$a = b$, $c = d$``); opening
        it continues one (``= $(...)$`` in seed 001), unless only punctuation is pending."""
        if self.text.startswith("$$", self.pos):
            self.pos += 2
            self.end_statement()
            return
        self.pos += 1
        self.inline = not self.inline
        if not self.inline or all(t.type in ("_COMMA", "_PERIOD") for t in self.tokens):
            self.end_statement()

    # -- LaTeX commands ------------------------------------------------------------------------
    def command(self) -> None:
        start = self.pos
        match = _COMMAND.match(self.text, start)
        if match is None:  # a backslash with nothing after it: the end of the text (or a newline)
            raise self.error("a backslash with no command after it", start, start + 1,
                             "remove it, or write \\\\ to end a line of an aligned system")
        name = match.group(1)
        self.pos = match.end()
        if name == "\\":
            if self.sums and self.sums[-1] == self.matrix_depth:
                if not self.continues():  # equatiomatic's wrap = TRUE inside N(...): rows of one sum
                    self.emit("_PLUS", "+", start)
            elif self.matrix_depth:
                self.emit("_ROWSEP", "\\\\", start)
            elif not self.continues():
                self.end_statement()
        elif name in ("begin", "end"):
            self.environment(name, start)
        elif name in ("overset", "stackrel", "underset"):
            self.annotated_relation(name, start)
        elif name == "label":
            self.group()  # \label{eq:model}: a cross-reference, not part of the model
        elif name in GREEK:
            self.name(name, start, self.pos)
        elif name in WRAPPERS:
            self.wrapper(name, start)
        elif name in FUNCTIONS:
            self.emit("FUNC", name, start)
        elif name in TOKEN_COMMANDS:
            self.emit(TOKEN_COMMANDS[name], name, start)
        elif name in SKIPPED:
            if name in ("left", "right", "middle") and self.text.startswith(".", self.pos):
                self.pos += 1  # \left. is an invisible delimiter
        elif name in ACCENTS:
            raise self.error(f"unknown LaTeX command \\{name}: an accented symbol (a group mean, an "
                             "estimate) is not a variable the equations can read", start, self.pos,
                             "center the predictor in the data and write it as one variable, e.g. "
                             "\\text{X_cwc}_{ij} (X minus its school mean); a column of group means "
                             "is written plainly: (X_{ij} - Xbar_{j})")
        else:
            raise self.error(f"unknown LaTeX command \\{name}", start, self.pos,
                             "equations may use Greek letters, \\mathbf{}, \\text{}, \\sim, \\cdot, "
                             "\\times, \\frac, \\log, \\left( \\right) and matrix environments")

    def environment(self, which: str, start: int) -> None:
        group = self.group()
        if group == "array" and self.array_as_matrix(which, start):
            return
        if group == "aligned" and self.arrays and self.arrays[-1]:
            return  # equatiomatic's \begin{aligned} inside a vector only aligns its entries
        if group == "aligned" and which == "begin" and self.open_parentheses() > 0:
            self.sums.append(self.matrix_depth)  # N(\begin{aligned}&a + b\\&c\end{aligned}, s): a + b + c
            return
        if group == "aligned" and which == "end" and self.sums:
            self.sums.pop()
            return
        if group in MATRIX_ENVIRONMENTS:
            if which == "begin":
                self.matrix_depth += 1
                self.emit("_MATBEGIN", group, start)
            else:
                self.matrix_depth = max(0, self.matrix_depth - 1)
                self.emit("_MATEND", group, start)
        elif group in LAYOUT_ENVIRONMENTS:
            if group == "array" and which == "begin" and self.text.startswith("{", self.pos):
                self.group()  # the column specification
            self.layout_depth = max(0, self.layout_depth + (1 if which == "begin" else -1))
            self.end_statement()
        else:
            raise self.error(f"unknown LaTeX environment {group!r}", start, self.pos,
                             "use aligned for a block of equations and pmatrix/bmatrix for matrices")

    def continues(self) -> bool:
        """A row or line that ends in an operator, or whose next begins with one, goes on: equatiomatic's
        ``wrap = TRUE`` breaks a sum as ``\\beta_{1}(x)\\ + \\\\`` then ``&\\quad \\beta_{2}(z)``, or
        (``operator_location = "start"``) ``\\beta_{1}(x)\\\\`` then ``&\\quad + \\beta_{2}(z)``."""
        if not self.tokens:
            return False
        return self.tokens[-1].type in ("_PLUS", "_MINUS", "_STAR") or bool(
            _OPERATOR_NEXT.match(self.text, self.pos))

    def open_parentheses(self) -> int:
        return sum({"_LPAR": 1, "_RPAR": -1}.get(t.type, 0) for t in self.tokens)

    def separates_statements(self) -> bool:
        """A comma outside parentheses and matrices ends a statement, except after a matrix mean
        (``N [mean], [cov]``, as papers print a distribution without its outer bracket)."""
        depth = self.open_parentheses()
        after_matrix = bool(self.tokens) and self.tokens[-1].type == "_MATEND"
        return depth == 0 and not self.matrix_depth and not after_matrix and bool(self.tokens)

    def annotated_relation(self, name: str, start: int) -> None:
        """``\\overset{iid}{\\sim}``, ``\\stackrel{iid}{\\sim}``: the relation under the note is read."""
        self.group() if self.text.startswith("{", self.pos) else self.one()  # the note: iid, ind, …
        relation = (self.group() if self.text.startswith("{", self.pos) else self.one()).strip()
        if relation not in ("\\sim", "~"):
            raise self.error(f"\\{name} over {relation!r}: only a distribution's ~ can carry a note here",
                             start, self.pos, "write u_0j \\overset{iid}{\\sim} N(0, tau_00)")
        self.emit("_TILDE", "~", start)

    def array_as_matrix(self, which: str, start: int) -> bool:
        """equatiomatic's vectors and matrices, ``\\left(\\begin{array}{c} … \\end{array}\\right)``:
        an array inside parentheses is a matrix, the parentheses its delimiters. True when handled."""
        if which == "begin":
            inside = bool(self.tokens) and self.tokens[-1].type == "_LPAR"
            self.arrays.append(inside)
            if not inside:
                return False
            self.tokens.pop()
            if self.text.startswith("{", self.pos):
                self.group()  # the column specification
            self.matrix_depth += 1
            self.emit("_MATBEGIN", "array", start)
            return True
        inside = self.arrays.pop() if self.arrays else False
        if not inside:
            return False
        self.matrix_depth = max(0, self.matrix_depth - 1)
        self.emit("_MATEND", "array", start)
        self.drop_rpar = True
        return True

    def wrapper(self, name: str, start: int) -> None:
        raw = self.group() if self.text.startswith("{", self.pos) else self.one()
        if re.search(r"\\(?:widehat|hat)\b", raw):
            raise self.error(f"\\{name}{{{raw}}} is an estimate: these equations describe a fitted "
                             "model, not the model", start, self.pos,
                             "paste the equations with their symbols (equatiomatic: extract_eq(model) "
                             "without use_coefs = TRUE), the outcome plain: \\operatorname{score}_{i}")
        if _EXPRESSION.search(raw):
            self.splice(raw, start)
            return
        # \text{my var} names the column `my var` (what the printer writes for it), not `myvar`
        content = " ".join(filter(None, (plain_script(word) for word in raw.split())))
        if _TEXT_LABEL.match(content):
            return  # \text{Level 1:} labels an aligned row, as Level 1: labels a plain line
        if content.lower() in _OTHER_FAMILIES and self.tokens and self.tokens[-1].type == "_TILDE":
            raise self.error(f"a {content} response: these equations describe a generalised model "
                             "(lme4's glmer), and notation reads linear mixed models, whose response is "
                             "normal", start, self.pos, "write the response's distribution as N(mean, "
                             "sigma^2), or fit the model with lme4::glmer")
        if content in DISTRIBUTION_NAMES:
            self.emit("DIST", content, start)
        elif content in FUNCTIONS:
            self.emit("FUNC", content, start)
        elif content:
            self.name(content, start, self.pos, wrapped=name == "operatorname",
                      written=name in _NAMING_WRAPPERS)
        else:
            raise self.error(f"\\{name} needs a name", start, self.pos, f"write e.g. \\{name}{{u}}")

    def splice(self, raw: str, start: int) -> None:
        """equatiomatic prints a transformed predictor as one name, ``\\operatorname{\\log(wave\\ +\\ 1)}``
        or ``\\operatorname{Days^2}``: it is the expression, read in parentheses in its place (padded
        to the same length, so that later positions in errors stay those of the text)."""
        # a name holding \_ (prop\_low) stays one name: \text{prop\_low} (shorter than \operatorname)
        raw = _UNDERSCORED.sub(lambda m: "\\text{" + m.group(0) + "}", raw)
        inner = "(" + raw.replace("\\ ", "  ") + ")"
        self.text = self.text[:start] + inner.ljust(self.pos - start) + self.text[self.pos:]
        self.pos = start

    # -- names and scripts ---------------------------------------------------------------------
    def skip_spaces_before_script(self) -> None:
        """TeX reads ``\\beta _{1}`` as ``\\beta_{1}`` (and blanked colours leave such spaces)."""
        end = self.pos
        while end < len(self.text) and self.text[end] == " ":
            end += 1
        if end > self.pos and end < len(self.text) and self.text[end] in "_^" and self.tex:
            self.pos = end

    def level(self) -> str | None:
        """equatiomatic's factor level after a wrapped name, ``_{\\operatorname{low}}`` (braces of a
        colour left around it); None, the position unmoved, for any other subscript."""
        if not self.text.startswith("_{", self.pos):
            return None
        start = self.pos
        self.pos += 1
        match = _LEVEL.fullmatch(self.group())
        if match is None:
            self.pos = start
            return None
        return plain_script(match.group(1))

    def name(self, base: str, start: int, end: int, *, wrapped: bool = False, written: bool = False) -> None:
        self.pos = end
        sub: str | None = None
        self.skip_spaces_before_script()
        level = self.level() if wrapped else None
        if level is not None:
            # equatiomatic's factor level, \operatorname{group}_{\operatorname{low}}: the dummy of
            # column group for level low (a name of its own kind, not a subscript of indices)
            self.emit("SYMBOL", factor_level(base, level).name, start)
            return
        sups: list[str] = []
        power: tuple[str, int] | None = None
        # σ^2_α is (σ_α)²: a subscript may follow the power, as equatiomatic writes variances
        self.skip_spaces_before_script()
        while self.pos < len(self.text) and self.text[self.pos] in "_^" and (
                power is None or (self.text[self.pos] == "_" and sub is None)):
            mark = self.text[self.pos]
            if mark == "^" and self.text.startswith("(", self.pos + 1):
                break  # x_ij^(-1): a power of a parenthesised exponent, which the grammar reads
            self.pos += 1
            script_start = self.pos
            script = self.script()
            if mark == "_" and sub is None:
                sub = _CROSS_CLASSIFIED.sub(r"\1", script) + self.bracket()
            elif mark == "^" and _NUMBER.fullmatch(script.removeprefix("-")):
                power = (script, script_start)
            elif mark == "^":
                sups.append(script)
            else:
                raise self.error("a second subscript", script_start - 1, self.pos,
                                 "write one subscript: X_{ij}")
        if not sub and not sups and base in DISTRIBUTION_NAMES:
            self.emit("DIST", base, start)
        elif not sub and not sups and base in FUNCTIONS:
            self.emit("FUNC", base, start)
        else:
            value = base + ("^" + "".join(sups) if sups else "") + ("_" + sub if sub else "")
            if not sub and not sups and ("_" in base or (written and len(base) == 1 and base.islower())):
                # an empty subscript: prop_low is one name (low no subscript), and \operatorname{x} a
                # variable named x (not the lone letter papers write for a coefficient)
                value += "_"
            self.emit("SYMBOL", value, start)
        if power is not None:
            self.emit("_CARET", "^", power[1] - 1)
            if power[0].startswith("-"):  # x_{ij}^{-1}: the grammar's exponent is an atom, so (-1)
                self.emit("_LPAR", "(", power[1])
                self.emit("_MINUS", "-", power[1])
                self.emit("NUMBER", power[0][1:], power[1])
                self.emit("_RPAR", ")", power[1])
            else:
                self.emit("NUMBER", power[0], power[1])



def _without_label(tokens: list[Token]) -> list[Token]:
    """Drop a leading ``L1 :`` / ``Level 2:`` label."""
    if len(tokens) < 2 or tokens[0].type != "SYMBOL" or not _LABEL.match(tokens[0].value):
        return tokens
    rest = 1
    while rest < len(tokens) and tokens[rest].type in ("NUMBER", "_MINUS"):
        rest += 1
    return tokens[rest + 1:] if rest < len(tokens) and tokens[rest].type == "_COLON" else tokens
