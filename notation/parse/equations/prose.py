"""What surrounds the equations of a spec: comments, index lines and the prose of a pasted paper.

Contract: :func:`equation_text` returns the spec with comments (``# ...``, ``% ...``), index lines
(``j: school``) and prose blanked, every other character where it was — so that token positions
are positions in the spec — together with the :class:`IndexLine` s it found. Prose is replaced by
:data:`SEPARATOR`, which ends the statement before it; the scanner reads what is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SEPARATOR", "IndexLine", "equation_text"]

# stands for the prose around an inline statement: ends the statement, takes one column
SEPARATOR = "\x1e"


@dataclass(frozen=True)
class IndexLine:
    """``j: school`` — index letter ``j`` names data column ``school`` (``a:b``: two columns)."""

    letter: str
    column_name: str
    line: int
    column: int


# a column name may hold spaces (`the group`): the equations printer writes `j: the group`
_INDEX_LINE = re.compile(r"^[ \t]*([A-Za-z])[ \t]*:[ \t]*([A-Za-z.][\w.: ]*?)[ \t]*$", re.MULTILINE)
_COMMENT = re.compile(r"(?<![\\{])[#%][^\n]*")  # not \% nor \color{#FF0000}
# equatiomatic's legend of an index: \text{, for sid j = 1,} \dots \text{,J} names j's column
_LEGEND = re.compile(r"\\text\{\s*,?\s*for\s+([^{}]*?)\s+([a-z])\s*=\s*1\s*,?\s*\}\s*\\[lc]?dots\s*"
                     r"\\text\{\s*,?\s*[A-Za-z]\s*\}")
_MATH = re.compile(r"\${1,2}[^$]*\${1,2}")
# a range line says how many units there are, nothing of the model: i = 1, \ldots, n_j
_RANGE = re.compile(r"^[ \t$]*(?:\\text\{[^{}]*\})?[ \t]*[a-z][ \t]*=[ \t]*1[ \t]*,[ \t]*\\[lc]?dots[ \t]*,?"
                    r"[ \t]*[A-Za-z]+(?:_\{?[A-Za-z]+\}?)?[ \t$.,;]*$", re.MULTILINE)
_PROSE = re.compile(r"[A-Za-z]{2,} +[A-Za-z]{2,}")
_RELATION = re.compile(r"[=~]|\\sim")
_TILDE = re.compile(r"\\sim|~")
_MODEL_EQUATION = re.compile(r"=.*[+]")


def equation_text(text: str) -> tuple[str, list[IndexLine]]:
    """``text`` with comments, index lines and prose blanked, and its index lines."""
    uncommented = _COMMENT.sub(_blank, text)
    index_lines = [_index_line(uncommented, m) for m in _INDEX_LINE.finditer(uncommented)]
    index_lines += [_legend(uncommented, m) for m in _LEGEND.finditer(uncommented)]
    blanked = _RANGE.sub(_blank, _LEGEND.sub(_blank, _INDEX_LINE.sub(_blank, uncommented)))
    return _without_prose(blanked), index_lines


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _without_prose(text: str) -> str:
    """Blank the sentences around pasted equations; keep their inline distributions.

    A line is prose when the text outside its ``$…$`` math has two words in a row ("This is")
    and no relation (``=``, ``~``, ``\\sim``): equations and distributions are never prose.
    Its inline math is dropped too (``$Y_{ij}$ being the outcome``, ``$X_{ij} = 0$``), except
    distribution statements (``$\\epsilon_{ij} \\sim N(0, \\sigma^2)$``) and model equations, with
    a sum on the right (``where $\\beta_{0j} = \\gamma_{00} + u_{0j}$``), each its own statement.
    """
    out = []
    for line in text.split("\n"):
        spans = [m.span() for m in _MATH.finditer(line)]
        outside = "".join(line[end:start] for (_, end), (start, _) in
                          zip([(0, 0), *spans], [*spans, (len(line), len(line))], strict=True))
        if not _PROSE.search(outside) or _RELATION.search(outside):
            out.append(line)
            continue
        kept = [SEPARATOR] * len(line)
        for start, end in spans:
            if _TILDE.search(line, start, end) or _MODEL_EQUATION.search(line, start, end):
                kept[start:end] = line[start:end]
        out.append("".join(kept))
    return "\n".join(out)


def _legend(text: str, match: re.Match[str]) -> IndexLine:
    r"""An index line from equatiomatic's legend; its column name as written (``school\_id`` → school_id)."""
    line = text.count("\n", 0, match.start()) + 1
    column = match.start(2) - (text.rfind("\n", 0, match.start(2)) + 1) + 1
    return IndexLine(match.group(2), match.group(1).replace("\\", "").strip(), line, column)


def _index_line(text: str, match: re.Match[str]) -> IndexLine:
    line = text.count("\n", 0, match.start()) + 1
    column = match.start(1) - (text.rfind("\n", 0, match.start(1)) + 1) + 1
    return IndexLine(match.group(1), match.group(2), line, column)
