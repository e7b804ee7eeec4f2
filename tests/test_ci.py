"""CI runs exactly the test command README.md documents (README says so; .ci/run is the CI script)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"Install and run the tests:\n\n```sh\n(.+)\n```", readme)
    assert command is not None
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line and not line.startswith(("#", "set ", "cd ", "rm "))]
    assert ci == [command.group(1)]
