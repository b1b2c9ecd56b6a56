"""The report opens in headless Chromium with no network and shows the controls table and a timeline.

The screenshot it takes (`audit.png`, beside the report) is for humans: look at it after a change to the
page's layout.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from test_report import sample_run  # tests/ is on sys.path: pytest's default import mode, no __init__.py

from support.report import write_reports

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
_MAX_HEIGHT = 16_000  # px: tall enough for the sample report, small enough for Chromium's compositor

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()), reason="needs Debian's chromium and chromium-driver"
)


def _offline_chromium(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--window-size=1280,900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def test_the_report_renders_offline_with_controls_and_timelines(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    html_path, _ = write_reports(sample_run(reports), reports)
    with tempfile.TemporaryDirectory(prefix="lapse-chromium-") as profile:
        driver = _offline_chromium(profile)
        try:
            driver.get(html_path.as_uri())
            assert "20260101T120000Z-abc123" in driver.title
            controls = driver.find_element(By.CSS_SELECTOR, "#controls table.controls")
            assert controls.is_displayed()
            assert len(controls.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 11
            timelines = driver.find_elements(By.CSS_SELECTOR, "svg.timeline")
            assert timelines and timelines[0].is_displayed()
            assert timelines[0].size["width"] > 600 and timelines[0].size["height"] > 100
            shot = driver.find_element(By.CSS_SELECTOR, ".shot img")
            assert driver.execute_script("return arguments[0].naturalWidth", shot) > 0  # the data: URI decoded
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1280, min(int(height), _MAX_HEIGHT))
            assert driver.save_screenshot(str(reports / "audit.png"))
        finally:
            driver.quit()
    assert (reports / "audit.png").stat().st_size > 10_000
