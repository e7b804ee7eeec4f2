"""The page in a real headless browser (Debian's chromium and chromedriver, driven by selenium):
typing converts, the form switches, errors show their caret, a CSV upload is fitted, and no request
leaves 127.0.0.1 (every URL the page's network log records)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

if TYPE_CHECKING:
    from conftest import Client  # the fixtures' client (tests/serve/conftest.py)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
SLEEPSTUDY = Path(__file__).resolve().parents[1] / "data" / "sleepstudy.csv"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1400,1000", "--disable-background-networking", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def opened(browser: Any, page: Client) -> Any:
    browser.get(page.server.url)
    wait(browser, lambda d: d.find_element(By.ID, "formula").text)  # the page's first conversion
    return browser


def wait(driver: Any, condition: Any, seconds: float = 30) -> Any:
    return WebDriverWait(driver, seconds).until(condition)


def type_spec(driver: Any, text: str) -> None:
    box = driver.find_element(By.ID, "spec")
    box.clear()
    box.send_keys(text)


def text_of(driver: Any, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


@pytest.mark.parametrize(("spec", "formula"), [
    ("y ~ x * z + (x | school)", "y ~ 1 + x + z + x:z + (1 + x | school)"),
    ("Y_ij = beta_0j + beta_1*X_ij + e_ij\nbeta_0j = gamma_00 + gamma_01*W_j + u_0j\nj: school",
     "Y ~ 1 + W + X + (1 | school)"),
    ("mixed math ses || school: ses, covariance(unstructured) reml", "math ~ 1 + ses + (1 + ses | school)"),
])
def test_typing_updates_the_formula_and_the_rendered_latex(opened: Any, spec: str, formula: str) -> None:
    before = opened.find_element(By.ID, "latex").get_attribute("innerHTML")
    type_spec(opened, spec)
    wait(opened, lambda d: text_of(d, "formula") == formula)
    wait(opened, lambda d: d.find_element(By.ID, "latex").get_attribute("innerHTML") != before)
    assert opened.find_elements(By.CSS_SELECTOR, "#latex .katex .katex-html")  # KaTeX rendered it
    assert opened.find_elements(By.CSS_SELECTOR, "#equations .katex")
    assert not opened.find_elements(By.CSS_SELECTOR, "#latex .katex-error")
    assert not opened.find_element(By.ID, "error").is_displayed()


@pytest.mark.parametrize(("form", "shows"), [
    ("matrix", r"\mathbf{Z}"), ("reduced", r"\gamma_{10}"), ("marginal", r"\rho_{Subject}"),
])
def test_switching_the_form_changes_the_latex(opened: Any, form: str, shows: str) -> None:
    type_spec(opened, "Reaction ~ Days + (Days | Subject)")
    wait(opened, lambda d: text_of(d, "formula") == "Reaction ~ 1 + Days + (1 + Days | Subject)")
    for chosen in ("bracket", form):  # from another form than the page's first
        before = opened.find_element(By.ID, "latex").get_attribute("innerHTML")
        Select(opened.find_element(By.ID, "form")).select_by_value(chosen)
        wait(opened, lambda d, was=before: d.find_element(By.ID, "latex").get_attribute("innerHTML") != was)
    source = opened.find_element(By.ID, "latex-source").get_attribute("textContent")
    assert shows in source and opened.find_elements(By.CSS_SELECTOR, "#latex .katex")


@pytest.mark.parametrize(("spec", "message"), [
    ("y ~ x + (1 | )", "empty grouping factor"),
    ("y ~ x + (1 | g", "never closed"),
])
def test_a_bad_spec_shows_the_error_with_its_caret(opened: Any, spec: str, message: str) -> None:
    type_spec(opened, spec)
    error = wait(opened, lambda d: d.find_element(By.ID, "error") if d.find_element(By.ID, "error")
                 .is_displayed() else None)
    assert message in error.text and "^" in error.text and error.tag_name == "pre"
    assert "line 1, column" in error.text


def test_uploading_a_csv_shows_the_fit(opened: Any) -> None:
    type_spec(opened, "Reaction ~ Days + (Days | Subject)")
    wait(opened, lambda d: text_of(d, "formula") == "Reaction ~ 1 + Days + (1 + Days | Subject)")
    opened.find_element(By.ID, "data").send_keys(str(SLEEPSTUDY))
    wait(opened, lambda d: "REML criterion" in text_of(d, "fit"), seconds=60)
    fit = text_of(opened, "fit")
    assert "REML criterion at convergence: 1743.6" in fit and "Data: sleepstudy" in fit
    assert "Days          10.467      1.546" in fit
    opened.find_element(By.ID, "estimates").click()  # the fit's estimates in the form
    wait(opened, lambda d: "251.4" in d.find_element(By.ID, "latex-source").get_attribute("textContent"))
    assert opened.find_elements(By.CSS_SELECTOR, "#latex .katex")


def test_no_request_leaves_127_0_0_1(opened: Any, page: Client) -> None:
    opened.get_log("performance")  # what came before (other tests' pages) is not this test's
    opened.get(page.server.url)
    type_spec(opened, "y ~ x + (x | g)")
    wait(opened, lambda d: text_of(d, "formula") == "y ~ 1 + x + (1 + x | g)")
    opened.find_element(By.ID, "data").send_keys(str(SLEEPSTUDY))  # a failing fit: no column y
    wait(opened, lambda d: "DataError" in text_of(d, "fit"), seconds=60)
    urls = []
    for entry in opened.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    paths = {urlsplit(url).path for url in urls}
    assert {"/", "/static/katex/katex.min.js", "/api/convert", "/api/fit"} <= paths  # the log saw them
    assert any(path.endswith(".woff2") for path in paths)
    outside = [url for url in urls
               if urlsplit(url).scheme != "data" and urlsplit(url).hostname != "127.0.0.1"]
    assert outside == []
