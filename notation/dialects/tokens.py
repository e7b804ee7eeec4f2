"""A careful tokenizer for other programs' code: words, numbers, strings and punctuation with positions.

SAS, Stata, SPSS and R code is read token by token (never by pattern-matching whole statements), so
that every error can point at the line and column it is about. Comments are dropped by the rules of
the language being read; the token's ``value`` keeps its spelling, ``lower`` is for keyword tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notation.errors import SpecSyntaxError

__all__ = ["Token", "split_at", "tokenize"]

# One master pattern, tried in this order at each position (longest operators first).
_PATTERNS = [
    ("string", r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''),
    ("backquoted", r"`(?:[^`\\\n]|\\.)+`"),
    ("number", r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"),
    # names may hold dots (R's sch.id, Stata's i.x, SPSS's v.1) and Stata's # and ## interactions
    ("name", r"[A-Za-z_%][A-Za-z0-9_.%#]*"),
    ("op", r"\|\||<-|\*\*|==|!=|<=|>=|::|[-+*/^~|:;,=()\[\]{}<>@$!&.]"),
]
_PERIOD_AT_LINE_END = re.compile(r"\.[ \t]*(?:\n|$)")
_MASTER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS))


@dataclass(frozen=True)
class Token:
    kind: str  # string, backquoted, number, name, op
    value: str
    offset: int  # character offset in the text
    line: int
    column: int

    @property
    def lower(self) -> str:
        return self.value.lower()

    def error(self, message: str, text: str, hint: str | None = None) -> SpecSyntaxError:
        error = SpecSyntaxError(message, hint=hint)
        error.at(text, self.line, self.column, len(self.value))
        return error


def _skip_comment(text: str, i: int, style: str, at_statement_start: bool) -> int:
    """The offset after a comment starting at ``i`` (``i`` itself when there is none)."""
    if text.startswith("/*", i):
        end = text.find("*/", i + 2)
        return len(text) if end < 0 else end + 2
    if style == "r" and text[i] == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if style == "stata" and text.startswith("//", i):
        end = text.find("\n", i)  # ``///`` continues the command on the next line: a comment too
        return len(text) if end < 0 else end + (1 if text.startswith("///", i) else 0)
    if style in ("stata",) and text[i] == "*" and at_statement_start:
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if style in ("sas", "spss") and text[i] == "*" and at_statement_start:
        # a comment statement: runs to the next ';' (SAS) or the period that ends the line (SPSS)
        if style == "sas":
            end = text.find(";", i)
            return len(text) if end < 0 else end + 1
        period = _PERIOD_AT_LINE_END.search(text, i)
        return len(text) if period is None else period.end()
    if style == "mplus" and text[i] == "!":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    return i


def split_at(tokens: list[Token], separator: str) -> list[list[Token]]:
    """The runs of ``tokens`` between separators (``;`` ends a SAS or Mplus statement, ``.`` an SPSS
    command, ``/`` a subcommand, ``||`` a Stata level); a run may be empty."""
    runs: list[list[Token]] = [[]]
    for token in tokens:
        if token.value == separator:
            runs.append([])
        else:
            runs[-1].append(token)
    return runs


def tokenize(text: str, style: str) -> list[Token]:
    """The tokens of ``text`` under the comment rules of ``style`` (r, sas, stata, spss, mplus)."""
    tokens: list[Token] = []
    i, line, line_start = 0, 1, 0
    statement_start = True
    while i < len(text):
        ch = text[i]
        if ch == "\n":
            line, line_start, i = line + 1, i + 1, i + 1
            if style in ("stata", "spss") and not (tokens and tokens[-1].value == "///"):
                statement_start = style == "stata" or statement_start
            continue
        if ch in " \t\r\f":
            i += 1
            continue
        after = _skip_comment(text, i, style, statement_start)
        if after != i:
            line += text.count("\n", i, after)
            last_newline = text.rfind("\n", 0, after)
            line_start = last_newline + 1 if last_newline >= 0 else line_start
            i = after
            continue
        match = _MASTER.match(text, i)
        if match is None or match.lastgroup is None:
            error = SpecSyntaxError(f"unexpected character {ch!r}")
            error.at(text, line, i - line_start + 1)
            raise error
        value = match.group()
        if (
            style == "spss"
            and match.lastgroup == "name"
            and value.endswith(".")
            and _ends_line(text, match.end())
        ):
            value = value[:-1]  # SPSS's command terminator, not part of the name
        tokens.append(Token(match.lastgroup, value, i, line, i - line_start + 1))
        if value != match.group():
            tokens.append(Token("op", ".", i + len(value), line, i + len(value) - line_start + 1))
        statement_start = (style == "sas" and match.group() == ";") or (
            style == "spss" and match.group() == "." and _ends_line(text, match.end())
        )
        i = match.end()
    return tokens


def _ends_line(text: str, i: int) -> bool:
    while i < len(text) and text[i] in " \t\r":
        i += 1
    return i >= len(text) or text[i] == "\n"
