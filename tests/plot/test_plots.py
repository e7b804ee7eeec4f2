"""Every plot kind renders from a fit of the sleep study (slopes) and of penicillin (crossed): the picture's
size, its ink, the model's names in the SVG; the numbers drawn are the fit's; without matplotlib, the hint."""

from __future__ import annotations

import builtins
import io
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

import notation
from notation import plot
from notation.errors import NotationError
from notation.fitted import FittedModel
from notation.plot.qq import ppoints
from notation.plot.residuals import lowess
from notation.plot.z import z_structure

matplotlib.use("Agg")
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def fits() -> dict[str, FittedModel]:
    sleep = pd.read_csv(DATA / "sleepstudy.csv")
    penicillin = pd.read_csv(DATA / "penicillin.csv")
    return {
        "sleepstudy": notation.fit(notation.parse_spec("Reaction ~ Days + (Days | Subject)"), sleep),
        "penicillin": notation.fit(notation.parse_spec("diameter ~ 1 + (1 | plate) + (1 | sample)"),
                                   penicillin),
    }


# kind, fit, names the SVG must show (axis labels, panel titles, level labels)
CASES = [
    ("caterpillar", "sleepstudy", ["Subject: (Intercept)", "Subject: Days", "conditional mode", "337"]),
    ("caterpillar", "penicillin", ["plate: (Intercept)", "sample: (Intercept)", "conditional mode"]),
    ("fitted", "sleepstudy", ["Days", "Reaction", "population", "308"]),
    ("fitted", "penicillin", ["plate", "diameter", "population"]),
    ("residuals", "sleepstudy", ["fitted Reaction", "residual", "LOWESS smooth"]),
    ("residuals", "penicillin", ["fitted diameter", "residual"]),
    ("qq", "sleepstudy", ["Residuals", "Subject: Days", "normal quantile", "sample quantile"]),
    ("qq", "penicillin", ["plate: (Intercept)", "sample: (Intercept)"]),
    ("z", "sleepstudy", ["Z: 180 × 36", "random effect (column of Z)", "observation (row of Z)", "Subject"]),
    ("z", "penicillin", ["Z: 144 × 30", "plate a", "sample F"]),
    ("profile", "sleepstudy", ["sd_(Intercept)|Subject", "cor_Days.(Intercept)|Subject", "sigma", "ζ"]),
    ("profile", "penicillin", ["sd_(Intercept)|plate", "sd_(Intercept)|sample", "(Intercept)"]),
]


@pytest.fixture(scope="module")
def figures(fits: dict[str, FittedModel]) -> dict[tuple[str, str], object]:
    return {(kind, name): plot.plot(kind, fits[name]) for kind, name, _ in CASES}


@pytest.mark.parametrize(("kind", "name", "labels"), CASES, ids=[f"{k}-{n}" for k, n, _ in CASES])
def test_each_kind_renders_with_ink_and_names(figures: dict, tmp_path: Path, kind: str, name: str,
                                              labels: list[str]) -> None:
    fig = figures[kind, name]
    png = plot.save(fig, tmp_path / f"{kind}.png")
    pixels = imread(png)
    height, width = pixels.shape[:2]
    assert 400 <= width <= 2400 and 300 <= height <= 2400
    ink = np.mean(pixels[:, :, :3].min(axis=2) < 0.9)  # share of pixels that are not white
    assert 0.01 < ink < 0.8
    svg = plot.save(fig, tmp_path / f"{kind}.svg").read_text(encoding="utf-8")
    missing = [label for label in labels if label.replace("&", "&amp;") not in svg]
    assert not missing


def test_pdf_by_extension(figures: dict, tmp_path: Path) -> None:
    path = plot.save(figures["caterpillar", "sleepstudy"], tmp_path / "c.PDF")
    assert path.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", ["c.gif", "c", "c.png.txt"])
def test_unknown_extension_is_refused(figures: dict, tmp_path: Path, name: str) -> None:
    with pytest.raises(NotationError, match="cannot write a plot"):
        plot.save(figures["z", "sleepstudy"], tmp_path / name)


def test_unknown_kind_lists_the_kinds(fits: dict[str, FittedModel]) -> None:
    with pytest.raises(NotationError) as err:
        plot.plot("histogram", fits["sleepstudy"])
    assert "caterpillar" in err.value.render()


def test_caterpillar_draws_the_modes_sorted_with_condvar_intervals(fits: dict[str, FittedModel]) -> None:
    fit = fits["sleepstudy"]
    fig = plot.caterpillar(fit)
    modes = fit.ranef["Subject"].to_numpy()
    sd = np.sqrt(np.diagonal(fit.condvar["Subject"], axis1=1, axis2=2))
    order = np.argsort(modes[:, 0])
    for column, ax in enumerate(fig.axes[:2]):
        container = ax.containers[0]
        x = container.lines[0].get_xdata()
        np.testing.assert_allclose(x, modes[order, column])
        segments = container.lines[2][0].get_segments()
        widths = np.array([s[1][0] - s[0][0] for s in segments])
        np.testing.assert_allclose(widths, 2 * 1.959964 * sd[order, column], rtol=1e-6)
    assert np.all(np.diff(fig.axes[0].containers[0].lines[0].get_xdata()) >= 0)


def test_fitted_lines_are_the_subjects_lines(fits: dict[str, FittedModel]) -> None:
    """Days is the only within-subject predictor: each drawn line is that subject's coef() line."""
    fit = fits["sleepstudy"]
    ax = plot.fitted(fit).axes[0]
    coef = fit.coef["Subject"]
    drawn = {line.get_label(): line for line in ax.get_lines()}
    for level in ["308", "335"]:
        x, y = drawn[level].get_data()
        expected = coef.loc[level, "(Intercept)"] + coef.loc[level, "Days"] * np.asarray(x)
        np.testing.assert_allclose(y, expected, rtol=1e-9)


@pytest.mark.parametrize(("options", "message"), [
    ({"x": "Nights"}, "not a column of the model"),
    ({"group": "Room"}, "not a grouping factor"),
])
def test_fitted_names_its_options(fits: dict[str, FittedModel], options: dict, message: str) -> None:
    with pytest.raises(NotationError, match=message):
        plot.fitted(fits["sleepstudy"], **options)


@pytest.mark.parametrize(("name", "levels", "shape", "stored"), [
    ("sleepstudy", None, (180, 36), 360),
    ("sleepstudy", 3, (30, 6), 60),
    ("penicillin", None, (144, 30), 288),
    ("penicillin", 2, (56, 4), 60),  # plates a, b: 12 rows; samples A, B: 48; both: 4
])
def test_z_structure(fits: dict[str, FittedModel], name: str, levels: int | None, shape: tuple[int, int],
                     stored: int) -> None:
    matrix, labels, spans = z_structure(fits[name], levels)
    assert matrix.shape == shape and matrix.nnz == stored and len(labels) == shape[1]
    assert spans[-1][2] == shape[1]


def test_profile_crosses_z_at_the_profile_interval(fits: dict[str, FittedModel]) -> None:
    fit = fits["sleepstudy"]
    fig = plot.profile(fit)
    ends = fit.confint("profile")
    for ax, (name, row) in zip(fig.axes, ends.iterrows(), strict=True):
        marked = sorted(line.get_xdata()[0] for line in ax.get_lines() if line.get_color() == "#c0392b")
        span = row.iloc[1] - row.iloc[0]
        np.testing.assert_allclose(marked, row.to_numpy(), atol=0.02 * span, err_msg=name)


def test_lowess_keeps_a_line_and_ppoints_is_rs() -> None:
    x = np.linspace(0, 10, 50)
    grid, smooth = lowess(x, 3 * x + 1)
    np.testing.assert_allclose(smooth, 3 * grid + 1, atol=1e-9)
    np.testing.assert_allclose(ppoints(5), [0.1190476, 0.3095238, 0.5, 0.6904762, 0.8809524], atol=1e-7)
    np.testing.assert_allclose(ppoints(20)[:2], [0.025, 0.075])


def test_without_matplotlib_every_kind_says_how_to_install(fits: dict[str, FittedModel],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    for kind in plot.KINDS:
        with pytest.raises(NotationError) as err:
            plot.plot(kind, fits["sleepstudy"])
        assert "pip install 'notation[plot]'" in err.value.render()


def test_a_figure_writes_to_a_buffer_as_jupyter_shows_it(figures: dict) -> None:
    buffer = io.BytesIO()
    figures["qq", "sleepstudy"].savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")
