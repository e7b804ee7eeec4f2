"""Bad input found by fuzzing and by new users: each is a clear error (what, where, how) with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from notation.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().err


@pytest.mark.parametrize(("argv", "message"), [
    (["latex", "y ~ 1 + (1 | a/b/c/d)", "--form", "levels"], "nests 4 grouping levels"),
    (["formula", "Y_ij = beta_0j + e_ij \\"], "a backslash with no command after it"),
    (["equations", "y ~ abs(exp(x)) + (1 | g)"], "cannot write re(x_ij) as plain-text equations"),
])
def test_spec_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, err = _run(argv, capsys)
    assert status == 2 and message in err and "hint:" in err
    assert "internal error" not in err and "Traceback" not in err


def test_non_utf8_spec_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "spec.txt"
    path.write_bytes(b"y ~ x + (1 | g\xff)")
    status, err = _run(["formula", str(path)], capsys)
    assert status == 2 and "not UTF-8 text: byte 0xff" in err


@pytest.mark.parametrize(("content", "message"), [
    ('{"fixef": [1, 2]}', "'fixef' must be a mapping"),
    ('{"fixef": null}', "'fixef' must be a mapping"),
    ('{"fixef": {}, "varcorr": [{"grp": "g", "vcov": 1}]}', "var1"),
    ('{"fixef": {}, "varcorr": {"grp": "g"}}', "'varcorr' must be a list"),
    ('{"fixef": {"x": "big"}}', "is not a number"),
])
def test_estimates_of_the_wrong_shape(content: str, message: str, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fit.json"
    path.write_text(content)
    status, err = _run(["latex", "y ~ x + (1 | g)", "--estimates", str(path)], capsys)
    assert status == 2 and message in err and "internal error" not in err
