"""``notation plot KIND SPEC --data F --out FILE`` (DESIGN.md §11): each format by extension, mistakes as
errors with exit status 2, and without matplotlib the install hint."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from notation.cli import main

DATA = Path(__file__).resolve().parent / "data"
SLEEP = str(DATA / "sleepstudy.csv")
SLOPES = "Reaction ~ Days + (Days | Subject)"
MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize(("kind", "extension"), [("caterpillar", "png"), ("caterpillar", "svg"),
                                                 ("caterpillar", "pdf"), ("z", "svg"), ("fitted", "png"),
                                                 ("residuals", "pdf"), ("qq", "png")])
def test_writes_each_format(capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str,
                            extension: str) -> None:
    out = tmp_path / f"plot.{extension}"
    status, _, err = run(capsys, "plot", kind, SLOPES, "--data", SLEEP, "--out", str(out))
    assert status == 0, err
    assert out.read_bytes().startswith(MAGIC[extension])


def test_ml_and_options_reach_the_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "z.svg"
    status, _, err = run(capsys, "plot", "z", SLOPES, "--data", SLEEP, "--out", str(out), "--ml",
                         "--levels", "10")
    assert status == 0, err
    assert "Z: 100 × 20, first 10 levels" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "message"), [
    (["caterpillar", SLOPES, "--out", "c.gif"], "c.gif'\nhint: name the output file .png, .svg or .pdf"),
    (["qq", SLOPES, "--out", "q.png", "--levels", "3"], "--levels is an option of `notation plot z`"),
    (["fitted", SLOPES, "--out", "f.png", "--x", "Nights"], "'Nights' is not a column of the model"),
    (["caterpillar", "Reaction ~ Days + (Days | Room)", "--out", "c.png"], "Room"),
])
def test_mistakes_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str],
                         message: str) -> None:
    argv = [*argv[:3], str(tmp_path / argv[3]), *argv[4:]] if argv[2] == "--out" else argv
    status, _, err = run(capsys, "plot", *argv, "--data", SLEEP)
    assert status == 2
    assert message in err and "Traceback" not in err


def test_without_matplotlib_says_how_to_install(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    out = tmp_path / "c.png"
    status, _, err = run(capsys, "plot", "caterpillar", SLOPES, "--data", SLEEP, "--out", str(out))
    assert status == 2
    assert "matplotlib" in err and "pip install 'notation[plot]'" in err
    assert not out.exists()
