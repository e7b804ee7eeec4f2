"""The command line as a whole: version, exit statuses, and no traceback whatever happens."""

from __future__ import annotations

import subprocess
import sys

import pytest

from notation import __version__, cli


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "notation", *args], capture_output=True, text=True,
                          timeout=120)


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"notation {__version__}"


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["formula", "y ~ x + (1 | g)"], 0),
        (["formula", "y ~ x + (1 | a + b)"], 2),
        (["formula", "y ~ x", "--index", "j"], 2),
        (["fit", "y ~ x + (1 | g)", "--data", "no/such/file.csv"], 2),
    ],
)
def test_exit_status(args: list[str], status: int) -> None:
    done = run(*args)
    assert done.returncode == status
    assert "Traceback" not in done.stderr


def test_a_reader_that_goes_away_is_not_an_error() -> None:
    # `notation latex ... | head -1`: the pipe closes before all output is written
    command = [sys.executable, "-m", "notation", "latex", "y ~ x + (x | g)", "--form", "marginal"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        stderr = proc.stderr.read()
        assert proc.wait(timeout=120) == 0
    assert "Traceback" not in stderr


def test_an_internal_error_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_cmd_formula", broken)
    monkeypatch.delenv("NOTATION_DEBUG", raising=False)
    assert cli.main(["formula", "y ~ x"]) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err
    assert "Traceback" not in err
