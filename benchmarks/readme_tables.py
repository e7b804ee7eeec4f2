"""Markdown tables for the benchmark scripts, and the README sections they own.

Contract: ``markdown_table(header, rows)`` formats a GitHub table; ``replace_section(path, key, body)``
replaces the text between ``<!-- key:begin -->`` and ``<!-- key:end -->`` in ``path`` (appending the
markers if the file lacks them), so each script rewrites only its own table.
"""

from __future__ import annotations

from pathlib import Path


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def replace_section(path: Path, key: str, body: str) -> None:
    begin, end = f"<!-- {key}:begin -->", f"<!-- {key}:end -->"
    text = path.read_text() if path.exists() else ""
    if begin not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{body}\n{end}{tail}")
