"""The reference app in a real headless Chromium: what Back shows after sign-out, and the idle warning.

The app runs as `python -m reference_app` in its own process (as Lapse runs it under libfaketime); no
clock is faked here, so the idle-warning test uses a policy of a few seconds.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                                reason=f"needs {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium-driver)")


@contextmanager
def serving(**env: str) -> Iterator[str]:
    """`python -m reference_app` on a free loopback port, configured by LAPSE_APP_* variables."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "reference_app", "--port", str(port)], cwd=REPO,
                              env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, f"the app exited with status {server.returncode}"
                assert time.monotonic() < deadline, "the app never answered /healthz"
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium with its own profile; quit and wiped even when the test fails."""
    profile = tempfile.mkdtemp(prefix="lapse-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in [*ARGS, f"--user-data-dir={profile}"]:
        options.add_argument(arg)
    driver = None
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def showing(driver: webdriver.Chrome, element_id: str) -> bool:
    return bool(driver.find_elements(By.ID, element_id))


def wait_for(driver: webdriver.Chrome, element_id: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: showing(d, element_id), f"no #{element_id} on {page_url(driver)}")


def page_url(driver: webdriver.Chrome) -> str:
    return str(driver.current_url)


def sign_in(driver: webdriver.Chrome, base: str) -> None:
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys("alice")
    driver.find_element(By.NAME, "password").send_keys("correct horse battery staple")
    driver.find_element(By.ID, "sign-in").click()
    wait_for(driver, "dashboard")


def sign_in_and_out(driver: webdriver.Chrome, base: str) -> None:
    sign_in(driver, base)
    driver.find_element(By.ID, "sign-out").click()
    wait_for(driver, "signed-out-notice")


def settled_page(driver: webdriver.Chrome) -> str:
    """Which page is on screen once navigation (including a pageshow reload) has finished."""
    time.sleep(0.5)  # give a bfcache-restored page the chance to reload itself
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return "dashboard" if showing(driver, "dashboard") else "login" if showing(driver, "login") else "other"


def test_back_after_sign_out_shows_the_login_page() -> None:
    with serving() as base, chromium() as driver:
        sign_in_and_out(driver, base)
        driver.back()
        assert settled_page(driver) == "login", page_url(driver)
        driver.refresh()
        assert settled_page(driver) == "login", page_url(driver)


def test_cached_dashboard_variant_shows_the_stale_dashboard_on_back() -> None:
    """The variant's bug is real in Chromium: Back restores the signed-out dashboard (from the
    back/forward cache, no request reaches the server); a reload asks the server and lands on sign-in."""
    with serving(LAPSE_APP_VARIANT="logout_page_cached") as base, chromium() as driver:
        sign_in_and_out(driver, base)
        driver.back()
        assert settled_page(driver) == "dashboard", page_url(driver)
        driver.refresh()
        assert settled_page(driver) == "login", page_url(driver)


def test_idle_warning_then_automatic_sign_out() -> None:
    with serving(LAPSE_APP_IDLE_TIMEOUT="6", LAPSE_APP_WARNING_LEAD="3") as base, chromium() as driver:
        sign_in(driver, base)
        assert not driver.find_element(By.ID, "idle-warning").is_displayed()
        WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "idle-warning").is_displayed())
        wait_for(driver, "expired-notice")
        assert "/login?reason=expired" in page_url(driver)


@pytest.mark.parametrize(("variant", "stale"), [("correct", False), ("logout_page_cached", True)])
def test_back_to_the_dashboard_reloads_it_unless_the_variant_caches_it(variant: str, stale: bool) -> None:
    """Chromium keeps even a no-store page in the back/forward cache when no cookie changed; the
    pageshow listener makes the correct app fetch it again instead of showing the old document."""
    with serving(LAPSE_APP_VARIANT=variant) as base, chromium() as driver:
        sign_in(driver, base)
        driver.execute_script("window.lapseMarker = 'old document'")
        driver.get(base + "/healthz")
        driver.back()
        assert settled_page(driver) == "dashboard"
        assert (driver.execute_script("return window.lapseMarker") == "old document") is stale
