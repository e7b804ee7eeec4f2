"""One error hierarchy for the whole pipeline.

Every error a user can cause is a :class:`NotationError`. Errors that point into the
spec text carry the text, a 1-based line and column, and a hint; :meth:`NotationError.render`
turns them into the message the command line prints (the line, a caret under the problem,
the hint). The command line prints that and exits 2 (1 for :class:`FitError`), never a traceback.
"""

from __future__ import annotations

__all__ = ["DataError", "FitError", "NotationError", "SpecMeaningError", "SpecSyntaxError"]


class NotationError(Exception):
    """Base of every error the toolkit raises on purpose."""

    exit_status = 2

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        text: str | None = None,
        line: int | None = None,
        column: int | None = None,
        width: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.text = text
        self.line = line
        self.column = column
        self.width = max(1, width)

    def at(self, text: str, line: int, column: int, width: int = 1) -> NotationError:
        """Attach a position in ``text`` (1-based line and column) unless one is set already."""
        if self.line is None:
            self.text, self.line, self.column, self.width = text, line, column, max(1, width)
        return self

    def render(self) -> str:
        """The message as the command line prints it: what, where (with a caret), how to fix."""
        kind = type(self).__name__
        where = f" (line {self.line}, column {self.column})" if self.line is not None else ""
        out = [f"{kind}: {self.message}{where}"]
        if self.text is not None and self.line is not None and self.column is not None:
            lines = self.text.splitlines() or [""]
            shown = lines[self.line - 1] if 0 < self.line <= len(lines) else ""
            gutter = f"  {self.line} | "
            out.append(gutter + shown)
            out.append(" " * (len(gutter) + self.column - 1) + "^" * self.width)
        if self.hint:
            out.append(f"hint: {self.hint}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.render()


class SpecSyntaxError(NotationError):
    """The spec text does not follow the formula or equation grammar."""


class SpecMeaningError(NotationError):
    """The spec parses but does not describe a valid model (e.g. ``(1|a+b)``)."""


class DataError(NotationError):
    """The data cannot serve the model: missing columns, bad values, empty file."""


class FitError(NotationError):
    """The optimiser or the factorisation failed."""

    exit_status = 1
