"""Jupyter's display of a fit and its tables: lme4's summary as text and as HTML tables with the same
numbers, tables shown as R prints them, every text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import notation
from notation.fitted import FittedModel
from notation.report import ReportTable, anova_text, confint_text, summary_html
from notation.report.html import table_html

DATA = Path(__file__).resolve().parents[1] / "data"
SLEEP = pd.read_csv(DATA / "sleepstudy.csv")
SLOPES = "Reaction ~ Days + (Days | Subject)"
DAYS_TESTED = "Days          10.467      1.546  17.000   6.771 3.26e-06 ***"  # lmerTest (and KR: 17 df too)


class _Cells(HTMLParser):
    """The text of every th/td, in order, and every caption."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.captions: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("td", "th"):
            self.cells.append("")
            self._into = self.cells
        elif tag == "caption":
            self.captions.append("")
            self._into = self.captions

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "caption"):
            self._into = None

    def handle_data(self, data: str) -> None:
        if self._into is not None:
            self._into[-1] += data


def cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def slopes() -> FittedModel:
    return notation.fit(notation.parse_spec(SLOPES), SLEEP)


@pytest.fixture(scope="module")
def slopes_ml() -> FittedModel:
    return notation.fit(notation.parse_spec(SLOPES), SLEEP, reml=False)


def _holds(shown: list[str], row: list[str]) -> bool:
    """Whether ``row`` is a run of consecutive cells of ``shown``."""
    return any(shown[k:k + len(row)] == row for k in range(len(shown)))


def _numbers(text: str, start: str, stop: str) -> list[str]:
    """The numbers of the summary's lines between ``start`` and ``stop``, as printed."""
    block = text.split(start, 1)[1].split(stop, 1)[0]
    return re.findall(r"-?\d+\.\d+(?:e[-+]\d+)?", block)


def test_fit_bundle_is_the_summary_in_text_and_html(slopes: FittedModel) -> None:
    bundle = slopes._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"] == slopes.summary()
    assert slopes._repr_mimebundle_(include={"text/html"}).keys() == {"text/html"}
    assert slopes._repr_mimebundle_(exclude={"text/html"}).keys() == {"text/plain"}


@pytest.mark.parametrize(("start", "stop"), [
    ("Scaled residuals:", "Random effects:"),
    ("Random effects:", "Number of obs"),
    ("Fixed effects:", "Correlation of Fixed Effects:"),
    ("Correlation of Fixed Effects:", "\n\n"),
])
def test_html_shows_every_number_the_text_prints(slopes: FittedModel, start: str, stop: str) -> None:
    text = slopes.summary() + "\n\n"
    shown = cells(summary_html(slopes)).cells
    numbers = _numbers(text, start, stop)
    assert numbers
    assert [n for n in numbers if n not in shown] == []


@pytest.mark.parametrize("caption", ["Scaled residuals", "Random effects", "Fixed effects",
                                     "Correlation of Fixed Effects"])
def test_html_summary_is_laid_out_as_lme4(slopes: FittedModel, caption: str) -> None:
    html = summary_html(slopes)
    assert caption in cells(html).captions
    assert "REML criterion at convergence: 1743.6" in html
    assert "Number of obs: 180, groups: Subject, 18" in html


def test_ml_html_has_the_likelihood_table(slopes_ml: FittedModel) -> None:
    shown = cells(summary_html(slopes_ml)).cells
    assert shown[:10] == ["AIC", "BIC", "logLik", "deviance", "df.resid",
                          "1763.9", "1783.1", "-876.0", "1751.9", "174"]


def test_satterthwaite_html_has_df_p_and_stars(slopes: FittedModel) -> None:
    html = summary_html(slopes, ddf="Satterthwaite")
    shown = cells(html).cells
    assert "lmerModLmerTest" in html
    assert _holds(shown, ["Days", "10.467", "1.546", "17.000", "6.771", "3.26e-06", "***"])
    assert "Signif. codes" in html


def test_every_text_is_escaped(slopes: FittedModel) -> None:
    fit = notation.fit(notation.parse_spec(SLOPES), SLEEP,
                       formula="Reaction ~ <b>Days</b> & (Days | Subject)")
    html = summary_html(fit, data="a<b>.csv")
    assert "<b>" not in html
    assert "&lt;b&gt;Days&lt;/b&gt; &amp; (Days | Subject)" in html and "a&lt;b&gt;.csv" in html
    assert "<td>&lt;x&gt;</td>" in table_html([["", "a"], ["r", "<x>"]])


def test_tables_show_as_r_prints_them(slopes: FittedModel) -> None:
    tables = {
        "coefficients": (slopes.coefficients(), DAYS_TESTED),
        "none": (slopes.coefficients("none"), "Days          10.467      1.546   6.771"),
        "satterthwaite": (slopes.satterthwaite, DAYS_TESTED),
        "kenward_roger": (slopes.kenward_roger, DAYS_TESTED),
        "anova": (slopes.anova(), anova_text(pd.DataFrame(slopes.anova()))),
        "confint": (slopes.confint("Wald"), confint_text(pd.DataFrame(slopes.confint("Wald")))),
        "varcorr": (slopes.varcorr, "         Days         35.07    5.922   0.07"),
    }
    for name, (table, expected) in tables.items():
        assert isinstance(table, ReportTable) and isinstance(table, pd.DataFrame), name
        bundle = table._repr_mimebundle_()
        assert set(bundle) == {"text/plain", "text/html"}, name
        assert expected in bundle["text/plain"], name
        assert "<table" in bundle["text/html"], name


def test_table_html_rounds_as_the_text(slopes: FittedModel) -> None:
    table = slopes.coefficients()
    shown = cells(table._repr_mimebundle_()["text/html"]).cells
    assert _holds(shown, ["(Intercept)", "251.405", "6.825", "17.000", "36.838", "< 2e-16", "***"])
    varcorr = cells(slopes.varcorr._repr_mimebundle_()["text/html"]).cells
    assert _holds(varcorr, ["Subject", "(Intercept)", "612.10", "24.741", "", "", "Days", "35.07", "5.922"])


def test_a_slice_of_a_table_is_a_plain_frame(slopes: FittedModel) -> None:
    table = slopes.coefficients()
    assert type(table.iloc[:1]) is pd.DataFrame and type(table.round(2)) is pd.DataFrame
    assert table.loc["Days", "Estimate"] == pytest.approx(10.467, abs=1e-3)  # full precision kept
