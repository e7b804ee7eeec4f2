"""Screenshots of the ``notation serve`` page: a formula, an equation system, an error, a fit.

Run from the repository root (needs chromium, chromedriver and selenium, as the page's tests):

    python examples/serve/make_screenshots.py

It starts the page on a free port of 127.0.0.1, types each spec as a user would, and writes
``examples/serve/{formula,equations,error,fit}.png`` (full page; the fit with its estimates plugged
into the level equations).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from notation.serve import make_server

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCHOOLS = (ROOT / "examples" / "schools_slope.eq").read_text()
SLEEP = "Reaction ~ Days + (Days | Subject)"


def chrome() -> Any:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--hide-scrollbars", "--window-size=1440,900", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    service = webdriver.ChromeService(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def show(driver: Any, spec: str, form: str, expect: str) -> None:
    """Type ``spec``, choose ``form``, and wait until the page shows ``expect`` (in #formula or #error)."""
    Select(driver.find_element(By.ID, "form")).select_by_value(form)
    box = driver.find_element(By.ID, "spec")
    box.clear()
    box.send_keys(spec)
    WebDriverWait(driver, 30).until(lambda d: expect in d.find_element(By.ID, "formula").text
                                    or expect in d.find_element(By.ID, "error").text)
    time.sleep(0.5)  # KaTeX's fonts


def save(driver: Any, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1440, max(900, int(height)))
    time.sleep(0.3)
    driver.save_screenshot(str(HERE / f"{name}.png"))
    driver.set_window_size(1440, 900)
    print(f"wrote examples/serve/{name}.png")


def main() -> None:
    server = make_server(0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = chrome()
    try:
        driver.get(server.url)
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "formula").text)
        show(driver, "y ~ x * z + (x | school)", "reduced", "(1 + x | school)")
        save(driver, "formula")
        show(driver, SCHOOLS, "marginal", "(1 + R | school)")
        save(driver, "equations")
        show(driver, "Y ~ R * Z + X + (1 + R | school", "levels", "never closed")
        save(driver, "error")
        show(driver, SLEEP, "reduced", "(1 + Days | Subject)")
        driver.find_element(By.ID, "data").send_keys(str(ROOT / "tests" / "data" / "sleepstudy.csv"))
        WebDriverWait(driver, 60).until(lambda d: "REML criterion" in d.find_element(By.ID, "fit").text)
        Select(driver.find_element(By.ID, "form")).select_by_value("levels")
        driver.find_element(By.ID, "estimates").click()  # the fit's estimates in the equations
        WebDriverWait(driver, 30).until(
            lambda d: "251.4" in d.find_element(By.ID, "latex-source").get_attribute("textContent"))
        time.sleep(0.5)
        save(driver, "fit")
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
