"""The browser channel: a real headless Chromium, started once per run and wiped clean per scenario.

`Browser` owns the process (Debian's chromium and chromedriver; Selenium Manager never runs, so nothing
is downloaded) and, when the run fakes clocks, the pages' clock (`support.clock.browser_clock`, over WebDriver
BiDi); `BrowserChannel` is one user's view through it: sign in with the real form, navigate, go back, reload,
open a second tab, press a button, read a warning, and answer "signed in?" from what the page shows.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from support.channels.probe import Answer, ProbeResult
from support.clock.browser_clock import BrowserClock
from support.errors import ConfigError, CouldNotTell, EnvironmentProblem, SignInFailed
from support.evidence.model import EventKind
from support.evidence.redact import redact
from support.evidence.screenshots import ScreenshotStore
from support.evidence.timeline import Timeline
from support.processes import kill_tree
from support.target import Target

if TYPE_CHECKING:
    from support.clock import TimeController

PAGE_TIMEOUT_S = 10.0
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--window-size=1280,900",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


# Every visible alert, alert dialog or open <dialog> on the page, as one line of text (null: none). A dialog
# labelled by aria-labelledby is read by its label, so its buttons ("Stay signed in") are not part of the text.
_WARNINGS = """
const text = (e) => {
  const ids = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  const label = ids.map((id) => document.getElementById(id)).filter(Boolean).map((l) => l.innerText).join(' ');
  return (label || e.innerText).split(/\\s+/).join(' ').trim();
};
const seen = [...document.querySelectorAll('[role=alertdialog], [role=alert], dialog[open]')]
  .filter((e) => e.checkVisibility()).map(text).filter(Boolean);
return seen.length ? seen.join(' | ') : null;
"""


def _labelled(label: str) -> str:
    """XPath for buttons and links whose visible text (or value) is `label`."""
    quoted = f'"{label}"' if '"' not in label else f"'{label}'"
    return (f"//button[normalize-space()={quoted}] | //a[normalize-space()={quoted}] | "
            f"//input[(@type='button' or @type='submit') and @value={quoted}]")


def _die_with_parent() -> None:
    """Runs in chromedriver before exec: it is killed if the test process dies without cleaning up."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class Browser:
    """One Chromium for the whole run: started on first use, reset per scenario, always quit."""

    def __init__(self, chromium: str = CHROMIUM, chromedriver: str = CHROMEDRIVER) -> None:
        self.chromium = chromium
        self.chromedriver = chromedriver
        self._driver: webdriver.Chrome | None = None
        self._profile: str | None = None
        self._failed: EnvironmentProblem | None = None
        self._controller: TimeController | None = None
        self._clock: BrowserClock | None = None
        self._page_watchers: list[Callable[[str, str], None]] = []
        self.starts = 0

    def use_clock(self, controller: TimeController) -> None:
        """Run every page on `controller`'s virtual time (from the start of the browser on). Not in real time."""
        self._controller = controller

    def start(self) -> None:
        """Start Chromium now if it is not running (it also starts on first use)."""
        _ = self.driver

    @property
    def clock(self) -> BrowserClock | None:
        """The pages' clock, starting the browser if it is needed; None when pages keep real time."""
        if self._controller is None:
            return None
        self.start()
        return self._clock

    @property
    def started(self) -> bool:
        return self._driver is not None

    @property
    def driver(self) -> webdriver.Chrome:
        """The WebDriver, starting Chromium the first time it is needed (and never twice)."""
        if self._driver is None:
            self._start()
        assert self._driver is not None
        return self._driver

    def _start(self) -> None:
        if self._failed is not None:
            raise self._failed
        for path, package in ((self.chromium, "chromium"), (self.chromedriver, "chromium-driver")):
            if not Path(path).exists():
                self._failed = EnvironmentProblem(f"no browser: {path} is missing — install it with "
                                                  f"`apt-get install {package}` (or run `make setup`)")
                raise self._failed
        self._profile = tempfile.mkdtemp(prefix=f"lapse-chromium-{os.getpid()}-")
        options = webdriver.ChromeOptions()
        options.binary_location = self.chromium
        for arg in [*ARGS, f"--user-data-dir={self._profile}"]:
            options.add_argument(arg)
        options.enable_bidi = self._controller is not None
        service = Service(self.chromedriver, popen_kw={"preexec_fn": _die_with_parent})
        try:
            self._driver = webdriver.Chrome(service=service, options=options)
        except BaseException as exc:  # Ctrl-C during start-up must not leave chromedriver and Chromium behind
            if (process := getattr(service, "process", None)) is not None:
                kill_tree(process.pid, grace_s=1.0)
            if not isinstance(exc, WebDriverException):
                self.quit()
                raise
            self._failed = EnvironmentProblem(f"the browser did not start: {exc.msg or exc}".strip())
            self.quit()
            raise self._failed from None
        self.starts += 1
        atexit.register(self.quit)
        if self._controller is not None:
            self._start_clock(self._driver, self._controller)

    def _start_clock(self, driver: webdriver.Chrome, controller: TimeController) -> None:
        # selenium polls for BiDi answers every 0.1 s by default: a tenth of a second per command
        executor: Any = driver.command_executor
        executor.client_config.websocket_interval = 0.0005
        try:
            self._clock = BrowserClock(driver, moved=controller.common_offset, on_page_moved=self._page_moved)
        except WebDriverException as exc:
            self._failed = EnvironmentProblem(f"the browser's clock could not be installed over WebDriver BiDi: "
                                              f"{(exc.msg or str(exc)).splitlines()[0]}")
            self.quit()
            raise self._failed from None
        controller.add_backend(self._clock)

    def watch_pages(self, watcher: Callable[[str, str], None]) -> None:
        """Call `watcher(tab, url)` when a page navigates by itself while time is moved (until the next reset)."""
        self._page_watchers.append(watcher)

    def _page_moved(self, tab: str, url: str) -> None:
        for watcher in self._page_watchers:
            watcher(tab, url)

    def before_navigation(self) -> None:
        """Lapse is about to load a page: it must start on the current virtual time."""
        if self._clock is not None:
            self._clock.before_navigation()

    def before_click(self) -> None:
        """Lapse is about to click: the click may navigate, and `settle` must know what is new."""
        self.before_navigation()
        if self._clock is not None:
            self._clock.mark()

    def settle(self) -> None:
        """Wait until the pages have finished what a click started (requests, navigations)."""
        if self._clock is not None:
            self._clock.settle()

    def reset(self) -> None:
        """A clean slate for the next scenario: one tab, no cookies, no storage, no cache."""
        self._page_watchers.clear()
        if self._driver is None:
            return
        driver = self._driver
        for handle in driver.window_handles[1:]:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(driver.window_handles[0])
        self.before_navigation()
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
        driver.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": "*", "storageTypes": "all"})

    def quit(self) -> None:
        """Stop chromedriver and Chromium, whatever state they are in, and remove the profile."""
        driver, self._driver = self._driver, None
        if self._clock is not None:
            self._clock.close()
        if driver is not None:
            pid = driver.service.process.pid if driver.service.process else None
            with contextlib.suppress(Exception):
                driver.quit()
            if pid is not None:
                kill_tree(pid, grace_s=1.0)
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None


@dataclass(frozen=True)
class PageWarning:
    """What a page warns (None: nothing), where the page is, and whether it is the signed-in page."""

    text: str | None
    where: str
    signed_in: bool


class BrowserChannel:
    name = "browser"

    def __init__(self, browser: Browser, target: Target, base_url: str, actor: str, timeline: Timeline,
                 shots: ScreenshotStore | None) -> None:
        self.browser = browser
        self.target = target
        self.base_url = base_url.rstrip("/")
        self.actor = actor
        self.timeline = timeline
        self.shots = shots
        self.tabs: list[str] = []
        browser.watch_pages(self._moved_by_itself)

    @property
    def driver(self) -> webdriver.Chrome:
        return self.browser.driver

    def _moved_by_itself(self, tab: str, url: str) -> None:
        where = url[len(self.base_url):] if url.startswith(self.base_url) else url
        which = f"tab {self.tabs.index(tab) + 1}" if tab in self.tabs else "the page"
        self.timeline.record("note", self.actor, self.name, f"{which} went to {where} by itself",
                             "a timer of the page fired as time passed", details={"url": where})

    def sign_in(self, username: str, password: str) -> None:
        redact.register(password)
        form = self.target.sign_in
        self._open(form.page)
        try:
            self.driver.find_element(By.NAME, form.username_field).send_keys(username)
            password_box = self.driver.find_element(By.NAME, form.password_field)
            password_box.send_keys(password)
            submit = self.driver.find_element(By.CSS_SELECTOR, form.submit) if form.submit else None
            self._and_wait_for_next_page(submit.click if submit else password_box.submit)
        except NoSuchElementException as exc:
            raise SignInFailed(f"no sign-in form at {form.page}: {(exc.msg or str(exc)).splitlines()[0]} "
                               f"(check [sign_in.form] in {self.target.file})") from None
        self._remember_cookies()
        result = self._read("sign-in", f"sign in as {username} at {form.page}")
        if result.answer is not Answer.SIGNED_IN:
            raise SignInFailed(f"could not sign in as {username} in the browser: after submitting the form, "
                               f"{result.seen} again — the username or password was refused; check "
                               f"{self.target.credentials.password_env}")

    def act(self) -> ProbeResult:
        self._open(self.target.activity_path)
        return self._read("activity", f"open {self.target.activity_path}")

    def probe(self, kind: EventKind = "probe", action: str = "am I signed in?",
              path: str | None = None) -> ProbeResult:
        path = path or self.target.signed_in.probe
        self._open(path, kind=kind)
        return self._read(kind, f"open {path} ({action})", screenshot=True)

    def look(self, action: str) -> ProbeResult:
        """What the page shows now, without navigating (after Back or Reload)."""
        return self._read("probe", action, screenshot=True)

    def back(self) -> None:
        self.browser.before_navigation()
        self.driver.back()
        self.timeline.record("activity", self.actor, self.name, "press Back", self._where())

    def reload(self) -> None:
        self.browser.before_navigation()
        self.driver.refresh()
        self.timeline.record("activity", self.actor, self.name, "reload the page", self._where())

    # -- the page's own idle timer: tabs, buttons, warnings --------------------------------------------------
    def open_tab(self, path: str | None = None) -> ProbeResult:
        """Open `path` (the signed-in page by default) in a new tab of the same browser; it becomes current."""
        path = path or self.target.signed_in.probe
        tabs = self._tabs()
        self.browser.before_navigation()
        self.driver.switch_to.new_window("tab")
        tabs.append(self.driver.current_window_handle)
        self._open(path)
        return self._read("activity", f"open {path} in tab {len(tabs)}")

    def use_tab(self, number: int) -> None:
        """Make tab `number` (1 is the first) the current one; what follows happens there."""
        tabs = self._tabs()
        if not 1 <= number <= len(tabs):
            raise ConfigError(f"there is no tab {number}: the user has {len(tabs)} open "
                              f'(open another with "When the user opens the dashboard in a second tab")')
        self.driver.switch_to.window(tabs[number - 1])

    def press(self, label: str) -> None:
        """Click the visible button or link labelled `label` and wait for what the click started to finish."""
        found = [e for e in self.driver.find_elements(By.XPATH, _labelled(label)) if e.is_displayed()]
        if not found:
            page = self._page()
            raise CouldNotTell(f"no “{label}” button to click on {self._where()}: the page shows "
                               f"“{' '.join(page['text'].split())[:160]}”")
        self.timeline.record("activity", self.actor, self.name, f"click “{label}”", self._where())
        self.browser.before_click()
        found[0].click()
        if self.browser.clock is not None:
            self.browser.settle()
        else:  # real time: the click is done when its button has gone or the page has changed
            with contextlib.suppress(TimeoutException):
                WebDriverWait(self.driver, PAGE_TIMEOUT_S, poll_frequency=0.05,
                              ignored_exceptions=(WebDriverException,)).until(lambda _: not found[0].is_displayed())

    def warning(self) -> PageWarning:
        """What the page warns now (every visible alert, alert dialog or open <dialog>), and where it is."""
        text: str | None = self.driver.execute_script(_WARNINGS)
        page = self._page()
        where = self._where()
        signed_in = bool(page["signedIn"])
        shot = self._screenshot("look for a warning")
        seen = f"{where} warns “{text}”" if text else f"{where} shows no warning"
        if not signed_in:
            seen += " (not the signed-in page)"
        self.timeline.record("probe", self.actor, self.name, "look for a warning", seen, screenshot=shot)
        return PageWarning(text, where, signed_in)

    def _tabs(self) -> list[str]:
        """The user's tabs in the order they were opened (the first is where they signed in)."""
        if not self.tabs:
            self.tabs.append(self.driver.current_window_handle)
        return self.tabs

    def sign_out(self) -> None:
        button = self.target.sign_out.button
        if not self.driver.find_elements(By.CSS_SELECTOR, button):
            self._open(self.target.signed_in.probe)
        try:
            element = self.driver.find_element(By.CSS_SELECTOR, button)
        except NoSuchElementException:
            raise CouldNotTell(f"no sign-out button {button} on {self._where()}; is the user signed in?") from None
        self._and_wait_for_next_page(element.click)
        self.timeline.record("sign-out", self.actor, self.name, f"click {button}", self._where())

    def session_cookies(self) -> dict[str, str]:
        cookies = {c["name"]: c["value"] for c in self.driver.get_cookies()
                   if c["name"] in self.target.session_cookies}
        redact.register(*cookies.values())
        return cookies

    # -- plumbing -----------------------------------------------------------------------------------
    def _open(self, path: str, kind: EventKind = "activity") -> None:
        url = urljoin(self.base_url + "/", path.lstrip("/"))
        self.browser.before_navigation()
        try:
            self.driver.get(url)
        except WebDriverException as exc:
            self.timeline.record(kind, self.actor, self.name, f"open {path}", "the browser failed",
                                 outcome="could not tell")
            reason = (exc.msg or str(exc)).splitlines()[0]
            raise CouldNotTell(f"the browser could not reach the app at {url}: {reason} — is it running?") from None

    def _and_wait_for_next_page(self, action: Callable[[], None]) -> None:
        """Do `action` (a click that navigates) and wait until a new document has loaded.

        The old document is marked first; the new one lacks the mark. Element staleness is not used: Chromium
        may report a half-detached node as an inspector error instead of a stale element.
        """
        self.driver.execute_script("window.__lapseOldPage = true;")
        self.browser.before_navigation()
        action()

        def new_page_loaded(driver: webdriver.Chrome) -> bool:
            return bool(driver.execute_script(
                "return !window.__lapseOldPage && document.readyState === 'complete';"))

        try:
            WebDriverWait(self.driver, PAGE_TIMEOUT_S, poll_frequency=0.02,
                          ignored_exceptions=(WebDriverException,)).until(new_page_loaded)
        except TimeoutException:
            raise CouldNotTell(f"the page did not change within {PAGE_TIMEOUT_S:.0f} s after the click "
                               f"(still at {self._where()})") from None

    def _where(self) -> str:
        url = self.driver.current_url
        return url[len(self.base_url):] if url.startswith(self.base_url) else url

    def _remember_cookies(self) -> None:
        for cookie in self.driver.get_cookies():
            redact.register(str(cookie.get("value", "")))

    def _read(self, kind: EventKind, action: str, screenshot: bool = False) -> ProbeResult:
        page = self._page()
        where = page["url"][len(self.base_url):] if page["url"].startswith(self.base_url) else page["url"]
        shot = self._screenshot(action) if screenshot else None
        if page["url"].startswith("chrome-error://"):
            self.timeline.record(kind, self.actor, self.name, action, "the browser could not reach the app",
                                 outcome="could not tell", screenshot=shot)
            raise CouldNotTell(f"the browser could not reach the app at {self.base_url} — is it running?")
        if page["signedIn"]:
            answer = Answer.SIGNED_IN
        elif page["signedOut"]:
            answer = Answer.SIGNED_OUT
        else:
            seen = f"{where} shows “{page['title']}”: {' '.join(page['text'].split())[:160]}"
            self.timeline.record(kind, self.actor, self.name, action, seen, outcome="could not tell",
                                 screenshot=shot)
            raise CouldNotTell(f"unexpected page in the browser: {seen} — neither "
                               f"{self.target.signed_in.selector} nor {self.target.signed_out.selector}")
        seen = f"{where} shows {'the signed-in page' if answer is Answer.SIGNED_IN else 'the sign-in page'}"
        details: dict[str, Any] = {"url": where, "title": page["title"]}
        self.timeline.record(kind, self.actor, self.name, action, seen, outcome=answer.value, details=details,
                             screenshot=shot)
        return ProbeResult(answer, seen)

    def _page(self) -> dict[str, Any]:
        """Everything a probe needs from the page, in one WebDriver round trip."""
        page: dict[str, Any] = self.driver.execute_script(
            "const [inSel, outSel] = arguments;"
            "return {url: document.URL, title: document.title,"
            " signedIn: !!document.querySelector(inSel),"
            " signedOut: !!(outSel && document.querySelector(outSel)),"
            " text: document.body ? document.body.innerText.slice(0, 400) : ''};",
            self.target.signed_in.selector, self.target.signed_out.selector or "")
        return page

    def _screenshot(self, label: str) -> str | None:
        if self.shots is None:
            return None
        return self.shots.save(self.driver.get_screenshot_as_png(), label)
