"""Run LaTeX strings through real KaTeX (throwOnError) in one node process; skip when KaTeX is absent."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("render_batch.js")
KATEX = Path(__file__).resolve().parents[3] / ".katex" / "node_modules" / "katex"


def katex_failures(texts: list[str]) -> list[dict[str, object]]:
    """The strings KaTeX refuses, each as {index, error}; skips the test without node or KaTeX."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (CI installs it; KaTeX tests need it)")
    if not KATEX.is_dir():
        pytest.skip("KaTeX is absent: run `npm install --prefix .katex katex@0.16` in the repository root")
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(texts), capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))
