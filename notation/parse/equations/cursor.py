"""A position in equation text, and what TeX's rules read from there.

Contract: :class:`Cursor` holds the text being scanned (with prose blanked) and the original spec
(for errors), a position, and the reading of scripts: what ``_`` or ``^`` takes — one TeX token or
one ``{group}`` on a LaTeX line (one with a backslash or ``$``), the run of letters and digits in
plain text — and a Gelman–Hill ``[i]`` after a subscript. Errors are
:class:`~notation.errors.SpecSyntaxError` with the 1-based line and column in the spec.
:func:`plain_script` turns a script's TeX (``{\\alpha}``, ``\\text{all}``) into the plain text of a
symbol's name.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from notation.errors import SpecSyntaxError
from notation.parse.equations.commands import WRAPPERS

__all__ = ["Cursor", "plain_script"]

_SCRIPT_COMMAND = re.compile(r"\\([A-Za-z]+)\s*")
_PLAIN_SCRIPT = re.compile(r"[A-Za-z0-9]+|\*")
_BRACKET = re.compile(r"\[[a-z]+\]")
_TEX_TOKEN = re.compile(r"\\[A-Za-z]+|\S")


class Cursor:
    """``text`` read from ``pos``; ``original`` is the spec that errors show."""

    def __init__(self, text: str, *, original: str) -> None:
        self.text, self.original = text, original
        self.pos = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    @property
    def tex(self) -> bool:
        """Whether the current line is LaTeX (has a backslash or a ``$``)."""
        line = self.text[self.line_starts[self.where(self.pos)[0] - 1]:].split("\n", 1)[0]
        return "\\" in line or "$" in line

    def where(self, pos: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1

    def error(self, message: str, start: int, end: int, hint: str) -> SpecSyntaxError:
        line, column = self.where(start)
        return SpecSyntaxError(message, hint=hint, text=self.original, line=line, column=column,
                               width=end - start)

    # -- scripts -------------------------------------------------------------------------------
    def script(self) -> str:
        """What ``_`` or ``^`` takes, by TeX's rule or the plain-text one."""
        if self.text.startswith("{", self.pos):
            return plain_script(self.group())
        if self.tex:
            return plain_script(self.one())
        match = _PLAIN_SCRIPT.match(self.text, self.pos)
        if match is None:
            raise self.error("a subscript or superscript is missing", self.pos - 1, self.pos,
                             "write e.g. Y_ij or sigma^2")
        self.pos = match.end()
        return match.group(0)

    def bracket(self) -> str:
        """Gelman–Hill's ``[i]`` right after a subscript: ``beta_0j[i]``."""
        match = _BRACKET.match(self.text, self.pos)
        if match is None:
            return ""
        self.pos = match.end()
        return match.group(0)

    def one(self) -> str:
        """One TeX token: a character or a command."""
        match = _TEX_TOKEN.match(self.text, self.pos)
        if match is None:
            raise self.error("a subscript or superscript is missing", self.pos - 1, self.pos,
                             "write e.g. Y_{ij}")
        self.pos = match.end()
        return match.group(0)

    def group(self) -> str:
        """The text of a balanced ``{group}`` starting at the current position, braces removed."""
        start = self.pos
        if not self.text.startswith("{", start):
            raise self.error("expected a {group}", start, start + 1, "write e.g. \\begin{aligned}")
        depth = 0
        for pos in range(start, len(self.text)):
            depth += {"{": 1, "}": -1}.get(self.text[pos], 0)
            if depth == 0:
                self.pos = pos + 1
                return self.text[start + 1:pos]
        raise self.error("unbalanced braces", start, start + 1, "close every { with }")


def plain_script(script: str) -> str:
    """``{\\alpha}`` → ``alpha``, ``{0j[i]}`` → ``0j[i]``, ``\\text{all}`` → ``all``."""
    script = re.sub(r"\\(?:" + "|".join(sorted(WRAPPERS)) + r")\s*\{([^{}]*)\}", r"\1", script)
    script = _SCRIPT_COMMAND.sub(lambda m: "T" if m.group(1) == "top" else m.group(1), script)
    return re.sub(r"[\s{}\\]", "", script)
