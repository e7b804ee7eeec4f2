"""The page's HTTP server (DESIGN.md §11): what it serves, what it refuses, and the bounds it keeps."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from notation.errors import NotationError
from notation.forms import FORMS as ALL_FORMS
from notation.serve import HOST, make_server
from notation.serve.jobs import FORMS

if TYPE_CHECKING:
    from conftest import Client  # the fixtures' client (tests/serve/conftest.py)



DATA = Path(__file__).resolve().parents[1] / "data"
STATIC = Path(__file__).resolve().parents[2] / "notation" / "serve" / "static"
SLEEP = "Reaction ~ Days + (Days | Subject)"


def test_binds_the_loopback_address_only(page: Client) -> None:
    assert page.server.server_address[0] == HOST == "127.0.0.1"


def test_the_page_has_the_contract_ids_and_every_latex_form(page: Client) -> None:
    status, headers, body = page.request("/")
    html = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for element in ('<textarea id="spec"', '<select id="form"', 'id="formula"', 'id="latex"', 'id="error"',
                    '<input type="file" id="data"', 'id="fit"', 'id="equations"'):
        assert element in html
    options = re.findall(r'<option value="(\w+)"', html)
    assert options == list(FORMS) and set(FORMS) == set(ALL_FORMS) - {"formula"}


def test_every_response_forbids_requests_beyond_this_machine(page: Client) -> None:
    for path in ("/", "/static/page.js", "/nowhere"):
        policy = page.request(path)[1]["Content-Security-Policy"]
        assert policy.startswith("default-src 'self';") and "http" not in policy


@pytest.mark.parametrize(("path", "kind"), [
    ("/static/katex/katex.min.js", "javascript"),
    ("/static/katex/katex.min.css", "text/css"),
    ("/static/katex/fonts/KaTeX_Main-Regular.woff2", "font/woff2"),
    ("/static/page.css", "text/css"),
])
def test_katex_and_the_page_files_are_served_from_the_package(page: Client, path: str, kind: str) -> None:
    status, headers, body = page.request(path)
    assert status == 200 and kind in headers["Content-Type"]
    assert body == (STATIC / path.removeprefix("/static/")).read_bytes()


def test_every_font_the_katex_stylesheet_prefers_is_shipped() -> None:
    css = (STATIC / "katex" / "katex.min.css").read_text()
    fonts = set(re.findall(r"url\(fonts/([\w-]+\.woff2)\)", css))
    assert len(fonts) > 15 and fonts <= {p.name for p in (STATIC / "katex" / "fonts").iterdir()}


@pytest.mark.parametrize("path", ["/nowhere", "/static/", "/static/katex/", "/static/katex/fonts",
                                  "/static/../server.py", "/static/%2e%2e/jobs.py", "/../../etc/passwd",
                                  "/api/convert", "/static/katex/katex.min.js/"])
def test_anything_but_the_shipped_files_is_404(page: Client, path: str) -> None:
    status, _, body = page.request(path)
    assert status == 404 and b"<" not in body  # no listing, no page


def test_a_request_for_another_host_is_refused(page: Client) -> None:  # DNS rebinding
    assert page.request("/", headers={"Host": "evil.example:80"})[0] == 403
    assert post_with_host(page, "evil.example") == 403


def post_with_host(page: Client, host: str) -> int:
    return page.request("/api/convert", {"spec": SLEEP}, headers={"Host": host})[0]


@pytest.mark.parametrize(("spec", "form", "formula", "latex"), [
    (SLEEP, "levels", "Reaction ~ 1 + Days + (1 + Days | Subject)", r"\beta_{1j}"),
    ("Y_ij = beta_0j + beta_1*X_ij + e_ij\nbeta_0j = gamma_00 + u_0j\nj: school", "reduced",
     "Y ~ 1 + X + (1 | school)", r"\gamma_{00}"),
    ("mixed Reaction Days || Subject: Days, covariance(unstructured) reml", "matrix",
     "Reaction ~ 1 + Days + (1 + Days | Subject)", r"\mathbf{Z}"),
    ("y ~ x + (1 | g)", "marginal", "y ~ 1 + x + (1 | g)", r"\rho_{g}"),
])
def test_convert_returns_the_formula_the_equations_and_the_form(page: Client, spec: str, form: str,
                                                                formula: str, latex: str) -> None:
    status, reply = page.post("/api/convert", {"spec": spec, "form": form})
    assert status == 200 and reply["formula"] == formula and reply["form"] == form
    assert latex in reply["latex"]["value"]
    assert "=" in reply["equations"]["text"]["value"] and r"\begin" in reply["equations"]["latex"]["value"]


def test_other_programs_code_is_read_by_its_dialect(page: Client) -> None:
    reply = page.post("/api/convert", {"spec": "mixed y x || g:", "form": "levels"})[1]
    assert reply["program"] == "stata" and reply["formula"] == "y ~ 1 + x + (1 | g)"


@pytest.mark.parametrize(("spec", "line", "column"), [
    ("y ~ x + (1 | )", 1, 14),
    ("Y_ij = beta_0j + e_ij\nbeta_0j = gamma_00 + + u_0j\nj: g", 2, 22),
])
def test_a_bad_spec_is_an_error_with_its_caret(page: Client, spec: str, line: int, column: int) -> None:
    status, reply = page.post("/api/convert", {"spec": spec, "form": "levels"})
    error = reply["error"]
    assert status == 200 and (error["line"], error["column"]) == (line, column)
    caret_line = error["text"].splitlines()[2]
    assert caret_line.strip().startswith("^") and caret_line.index("^") == len(f"  {line} | ") + column - 1


def test_user_text_is_never_evaluated(page: Client, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    spec = f"y ~ I(__import__('os').system('touch {marker}')) + (1 | g)"
    reply = page.post("/api/convert", {"spec": spec, "form": "levels"})[1]
    assert "error" in reply and not marker.exists()


@pytest.mark.parametrize(("body", "headers", "status"), [
    (b'{"spec": "y ~ x"}', {"Content-Type": "text/plain"}, 415),  # a form post from another site
    (b"not json", {}, 400),
    (b'["y ~ x"]', {}, 400),
    (b'{"form": "levels"}', {}, 400),
    (b'{"spec": "y ~ x + (1 | g)", "form": "poster"}', {}, 200),
    (json.dumps({"spec": "y ~ " + "x + " * 20_000 + "(1 | g)"}).encode(), {}, 413),
])
def test_malformed_and_oversized_requests_are_refused(page: Client, body: bytes,
                                                      headers: dict[str, str], status: int) -> None:
    got, _, content = page.request("/api/convert", raw=body, headers=headers)
    assert got == status and "error" in json.loads(content)


def test_an_unknown_endpoint_is_404(page: Client) -> None:
    assert page.post("/api/eval", {"spec": SLEEP})[0] == 404


def test_a_csv_upload_is_fitted_as_lme4_fits_it(page: Client) -> None:
    csv = (DATA / "sleepstudy.csv").read_text()
    status, reply = page.post("/api/fit", {"spec": SLEEP, "csv": csv, "name": "sleepstudy"})
    assert status == 200, reply
    summary = reply["summary"]
    assert "REML criterion at convergence: 1743.6" in summary and "Data: sleepstudy" in summary
    assert "Subject  (Intercept) 612.10   24.741" in summary and "Days          10.467      1.546" in summary
    try:
        import notation.plot  # noqa: F401  (the optional plot extra)
    except ImportError:
        assert reply["caterpillar"] is None and "notation[plot]" in reply["plot_note"]
    else:
        assert reply["caterpillar"].startswith("data:image/png;base64,") and len(reply["caterpillar"]) > 5000


@pytest.mark.parametrize(("spec", "csv", "kind"), [
    (SLEEP, "Reaction,Day\n1,2\n", "DataError"),
    ("y ~ x + (1 | )", "y,x,g\n1,2,a\n", "SpecSyntaxError"),
    (SLEEP, "", "NotationError"),
])
def test_a_fit_that_cannot_be_made_says_why(page: Client, spec: str, csv: str, kind: str) -> None:
    reply = page.post("/api/fit", {"spec": spec, "csv": csv, "name": "d"})[1]
    assert reply["error"]["kind"] == kind and reply["error"]["text"]


@pytest.mark.parametrize(("csv", "status", "says"), [
    ("y,x,g\n" + "1,2,a\n" * 17_000, 400, "larger than 100,000 bytes"),  # 102 KB: the body fits, the CSV not
    ("y,x,g\n" + "1,2,a\n" * 30_000, 413, "at most"),
])
def test_a_csv_over_the_size_limit_is_refused(strict: Client, csv: str, status: int, says: str) -> None:
    got, reply = strict.post("/api/fit", {"spec": "y ~ x", "csv": csv, "name": "d"})
    assert got == status and says in reply["error"]["text"]


def test_a_csv_over_the_row_limit_is_refused_before_any_work(strict: Client) -> None:
    csv = (DATA / "sleepstudy.csv").read_text()
    reply = strict.post("/api/fit", {"spec": SLEEP, "csv": csv, "name": "d"})[1]
    assert reply["error"]["kind"] == "DataError" and "180 rows" in reply["error"]["text"]


def test_work_over_its_deadline_is_stopped_and_the_server_recovers(strict: Client) -> None:
    csv = "\n".join((DATA / "sleepstudy.csv").read_text().splitlines()[:60])
    status, reply = strict.post("/api/fit", {"spec": SLEEP, "csv": csv, "name": "d"})
    assert status == 504 and reply["error"]["kind"] == "WorkTimeout"
    status, reply = strict.post("/api/convert", {"spec": "y ~ x + (1 | g)", "form": "levels"})
    assert status == 200 and reply["formula"] == "y ~ 1 + x + (1 | g)"


def test_the_page_script_inserts_text_never_html() -> None:
    script = (STATIC / "page.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script
    html = (STATIC / "index.html").read_text()
    assert "http://" not in html and "https://" not in html and "<script>" not in html


def test_a_port_in_use_is_a_notation_error_with_a_hint(page: Client) -> None:
    with pytest.raises(NotationError, match="cannot listen") as caught:
        make_server(page.server.server_address[1])
    assert "--port" in (caught.value.hint or "")


@pytest.mark.parametrize(("spec", "plugged"), [
    (SLEEP, True),  # the model that was fitted: its estimates land on its symbols
    ("Reaction ~ Days + (1 | Subject)", False),  # another model: another fit's numbers would mislead
])
def test_a_fits_estimates_are_plugged_into_the_model_that_was_fitted(page: Client, spec: str,
                                                                      plugged: bool) -> None:
    csv = (DATA / "sleepstudy.csv").read_text()
    estimates = page.post("/api/fit", {"spec": SLEEP, "csv": csv, "name": "sleepstudy"})[1]["estimates"]
    reply = page.post("/api/convert", {"spec": spec, "form": "levels", "estimates": estimates})[1]
    assert reply["estimates"] is plugged
    assert ("251.4" in reply["latex"]["value"]) is plugged and ("612.1" in reply["latex"]["value"]) is plugged


def test_malformed_estimates_are_the_forms_error(page: Client) -> None:
    estimates = {"formula": "Reaction ~ 1 + Days + (1 + Days | Subject)", "fixef": 3}
    reply = page.post("/api/convert", {"spec": SLEEP, "form": "levels", "estimates": estimates})[1]
    assert reply["formula"] and "fixef" in reply["latex"]["error"]["message"]
    assert page.post("/api/convert", {"spec": SLEEP, "estimates": [1]})[0] == 400
