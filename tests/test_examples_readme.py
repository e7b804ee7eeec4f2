"""examples/README.md as documentation: every ``notation formula/equations/latex`` command it shows runs,
from the repository root, and every spec file in examples/ is shown in at least one of them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from notation.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "examples" / "README.md"
# `notation fit` is documented too; the fits are tested against lme4 in tests/fitting/test_examples.py
_COMMAND = re.compile(r"^notation\s+(?:formula|equations|latex)\s.*$", re.MULTILINE)


def documented_commands() -> list[str]:
    blocks = re.findall(r"^```\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    return [line.split("  #")[0].strip() for block in blocks for line in _COMMAND.findall(block)]


@pytest.mark.parametrize("command", documented_commands())
def test_documented_command_runs(command: str, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status = main(shlex.split(command)[1:])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out.strip()


@pytest.mark.parametrize("spec", sorted(p.name for p in (ROOT / "examples").iterdir()
                                        if p.suffix in (".eq", ".tex", ".formula")))
def test_every_example_spec_has_a_documented_command(spec: str) -> None:
    assert any(f"examples/{spec}" in command for command in documented_commands())


def test_the_readme_documents_commands() -> None:
    assert len(documented_commands()) >= 10
