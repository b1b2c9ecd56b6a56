"""The browser clock against a real headless Chromium: a page's own timers, Date and performance.now on
virtual time, in step with a server clock, across tabs and navigations.

The pages are served by a small HTTP server in this process. `ServerClock` stands for the app server's clock:
a backend of the same TimeController that only counts how far it was moved, and the server answers `/now`
with that, so a page timer's request shows where the server's clock stood when it arrived.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from support.channels.browser import CHROMEDRIVER, CHROMIUM, Browser
from support.clock import TimeController
from support.clock.backend import APP_SERVER
from support.clock.browser_clock import BrowserClock
from support.errors import CouldNotTell

pytestmark = pytest.mark.skipif(not (__import__("pathlib").Path(CHROMIUM).exists()
                                     and __import__("pathlib").Path(CHROMEDRIVER).exists()),
                                reason=f"needs {CHROMIUM} and {CHROMEDRIVER}")

MINUTE = 60_000
BEFORE_START = timedelta(hours=3)  # the run's clocks moved before the browser started

# `begin()` starts the page's two stopwatches right before it schedules its timers (Date's is kept across
# navigations in the tab); `note(what)` keeps [what, ms on the page's Date, ms on its performance.now].
LOG = """<script>
  window.log = JSON.parse(sessionStorage.getItem("log") || "[]");
  const kept = Number(sessionStorage.getItem("t0"));
  window.begin = () => { window.p0 = performance.now(); window.t0 = kept || Date.now(); };
  window.note = (what) => {
    log.push([what, Date.now() - t0, Math.round(performance.now() - p0)]);
    sessionStorage.setItem("log", JSON.stringify(log));
    sessionStorage.setItem("t0", String(t0));
  };
</script>"""
PAGES = {
    "/idle": LOG + """<script>
      begin();
      setTimeout(() => { note("signed out"); document.title = "signed out"; }, 15 * 60000);
    </script>""",
    "/order": LOG + """<script>
      begin();
      setTimeout(() => note("c at 3"), 3 * 60000);
      setTimeout(() => note("a at 1"), 1 * 60000);
      setTimeout(() => note("b at 2"), 2 * 60000);
      let n = 0;
      const every = setInterval(() => { note("every 45 s #" + (++n)); if (n === 4) clearInterval(every); }, 45000);
      setTimeout(() => { note("outer at 2.5"); setTimeout(() => note("inner 10 s later"), 10000); }, 150000);
    </script>""",
    "/ask": LOG + """<script>
      begin();
      setTimeout(() => fetch("/now").then((r) => r.text()).then((t) => note("server at " + t)), 13 * 60000);
    </script>""",
    "/leave": LOG + """<script>
      begin();
      setTimeout(() => { note("leaving"); window.location.assign("/arrive"); }, 5 * 60000);
    </script>""",
    "/arrive": LOG + """<script>
      begin();
      note("arrived");
      setTimeout(() => note("2 minutes after arriving"), 2 * 60000);
    </script>""",
    "/long-poll": LOG + """<script>
      begin();
      fetch("/hang");
      setTimeout(() => fetch("/now").then((r) => r.text()).then(() => note("answered")), 60000);
    </script>""",
    "/tab": LOG + """<script>
      begin();
      setTimeout(() => note("5 minutes in this tab"), 5 * 60000);
    </script>""",
}


class ServerClock:
    """The app server's clock, as far as this test needs it: how far it has been moved."""

    name = "server"
    component = APP_SERVER
    can_skew = True

    def __init__(self) -> None:
        self.moved = timedelta(0)

    def advance(self, delta: timedelta) -> None:
        self.moved += delta

    def jump(self, delta: timedelta) -> None:
        self.moved += delta

    def close(self) -> None:
        """Nothing to undo."""


class Site:
    def __init__(self, server_clock: ServerClock) -> None:
        clock = server_clock

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/hang":
                    time.sleep(30)  # a long poll: never answered while the test runs
                    return
                if self.path == "/now":
                    body = f"{(clock.moved - BEFORE_START).total_seconds():.0f}".encode()
                else:
                    body = f"<!doctype html><title>{self.path}</title>{PAGES.get(self.path, '')}".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class World:
    """One browser on a TimeController with a server clock, as a Lapse run has."""

    def __init__(self) -> None:
        self.server_clock = ServerClock()
        self.clock = TimeController([self.server_clock])
        self.clock.advance(BEFORE_START)
        self.site = Site(self.server_clock)
        self.browser = Browser()
        self.browser.use_clock(self.clock)

    @property
    def driver(self) -> Any:
        return self.browser.driver

    def open(self, path: str) -> None:
        self.browser.before_navigation()
        self.driver.get(self.site.base + path)

    def new_tab(self, path: str) -> None:
        self.browser.before_navigation()
        self.driver.switch_to.new_window("tab")
        self.driver.get(self.site.base + path)

    def log(self) -> list[list[Any]]:
        entries: list[list[Any]] = self.driver.execute_script("return window.log")
        return entries

    def advance(self, minutes: float) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    def page_offset(self) -> timedelta:
        """How far the page's Date is ahead of the real clock."""
        return timedelta(milliseconds=self.driver.execute_script("return Date.now()") - time.time() * 1000)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    w = World()
    try:
        yield w
    finally:
        w.browser.quit()
        w.site.close()


@pytest.fixture
def fresh(world: World) -> World:
    world.browser.reset()
    return world


def near(entry: list[Any], minutes: float) -> bool:
    """A log entry made at `minutes`, on Date and performance.now alike. The page's stopwatch starts a moment
    before it schedules its timers; on a loaded machine that moment can be milliseconds, hence 25 ms."""
    return abs(entry[2] - minutes * MINUTE) <= 25 and abs(entry[1] - entry[2]) <= 2


def test_the_clock_registers_when_the_browser_starts_and_stands_where_the_run_is(world: World) -> None:
    world.browser.start()
    clocks = [b for b in world.clock.backends if isinstance(b, BrowserClock)]
    assert len(clocks) == 1
    world.browser.reset()
    world.open("/idle")
    assert abs(world.page_offset() - BEFORE_START) < timedelta(minutes=1)


def test_a_pages_own_idle_timer_fires_at_its_time_not_before(fresh: World) -> None:
    fresh.open("/idle")
    fresh.advance(14)
    assert fresh.log() == []
    assert fresh.driver.title == "/idle"
    fresh.advance(2)
    assert [e[0] for e in fresh.log()] == ["signed out"] and near(fresh.log()[0], 15)
    assert fresh.driver.title == "signed out"


def test_timers_fire_in_due_order_each_on_its_own_time_and_intervals_repeat(fresh: World) -> None:
    fresh.open("/order")
    fresh.advance(4)
    log = fresh.log()
    expected = [("every 45 s #1", 0.75), ("a at 1", 1), ("every 45 s #2", 1.5), ("b at 2", 2),
                ("every 45 s #3", 2.25), ("outer at 2.5", 2.5), ("inner 10 s later", 2.5 + 1 / 6),
                ("c at 3", 3), ("every 45 s #4", 3)]
    assert [e[0] for e in log] == [name for name, _ in expected]
    assert all(near(entry, minutes) for entry, (_, minutes) in zip(log, expected, strict=True)), str(log)


def test_a_timers_request_finds_the_server_at_the_timers_due_time(fresh: World) -> None:
    """The controller stops every clock at the page timer's due time, so its request sees 13 minutes."""
    fresh.open("/ask")
    start = fresh.server_clock.moved
    fresh.advance(16)
    [(what, _, _)] = fresh.log()
    server_minutes = (int(what.removeprefix("server at ")) - (start - BEFORE_START).total_seconds()) / 60
    assert 12.9 < server_minutes <= 13.05, what  # the page loaded a moment after `start`


def test_a_timer_that_navigates_hands_over_to_a_page_on_virtual_time(fresh: World) -> None:
    fresh.open("/leave")
    fresh.advance(10)
    assert fresh.driver.title == "/arrive"
    names = [e[0] for e in fresh.log()]
    assert names == ["leaving", "arrived", "2 minutes after arriving"]
    leaving, arrived, later = fresh.log()
    assert near(leaving, 5) and abs(arrived[1] - 5 * MINUTE) < 1000 and abs(later[1] - arrived[1] - 2 * MINUTE) < 50


def test_every_tab_moves_in_step_and_a_new_tab_starts_on_virtual_time(fresh: World) -> None:
    fresh.open("/tab")
    first = fresh.driver.current_window_handle
    fresh.advance(20)
    fresh.new_tab("/tab")
    assert abs(fresh.page_offset() - fresh.clock.common_offset) < timedelta(minutes=1)
    fresh.advance(6)
    assert [e[0] for e in fresh.log()] == ["5 minutes in this tab"]
    fresh.driver.switch_to.window(first)
    assert [e[0] for e in fresh.log()] == ["5 minutes in this tab"]


def test_date_survives_a_reload(fresh: World) -> None:
    fresh.open("/idle")
    fresh.advance(30)
    fresh.browser.before_navigation()
    fresh.driver.refresh()
    assert abs(fresh.page_offset() - fresh.clock.common_offset) < timedelta(minutes=1)


def test_a_skewed_browser_moves_date_but_not_its_timers(fresh: World) -> None:
    fresh.open("/idle")
    fresh.clock.skew("browser", -timedelta(minutes=5))
    try:
        assert abs(fresh.page_offset() - (fresh.clock.common_offset - timedelta(minutes=5))) < timedelta(minutes=1)
        fresh.advance(15)
        [entry] = fresh.log()
        assert entry[0] == "signed out" and abs(entry[2] - 15 * MINUTE) <= 2  # monotonic time was not stepped
    finally:
        fresh.clock.begin_scenario()  # realign: the browser catches up with the server again
    assert abs(fresh.page_offset() - fresh.clock.common_offset) < timedelta(minutes=1)


def test_a_long_poll_does_not_hold_up_time_and_a_request_that_never_ends_is_counted(fresh: World) -> None:
    clock = fresh.browser.clock
    assert clock is not None
    fresh.open("/long-poll")
    before = clock.unfinished
    fresh.advance(2)
    assert [e[0] for e in fresh.log()] == ["answered"] and clock.unfinished == before
    fresh.driver.execute_script("setTimeout(() => fetch('/hang'), 60000)")
    fresh.advance(2)
    assert clock.unfinished == before + 1


def test_a_click_waits_for_the_request_it_started_not_for_a_long_poll(fresh: World) -> None:
    clock = fresh.browser.clock
    assert clock is not None
    fresh.open("/long-poll")
    fresh.driver.execute_script(
        "const b = document.createElement('button'); b.textContent = 'Ask';"
        "b.onclick = () => fetch('/now').then((r) => r.text()).then(() => note('asked'));"
        "document.body.append(b);")
    before = clock.unfinished
    fresh.browser.before_click()
    fresh.driver.find_element("tag name", "button").click()
    fresh.browser.settle()
    assert [e[0] for e in fresh.log()] == ["asked"] and clock.unfinished == before


def test_a_page_that_never_stops_scheduling_is_reported_not_run_forever(fresh: World) -> None:
    fresh.open("/idle")
    fresh.driver.execute_script("(function again() { setTimeout(again, 0); })()")
    with pytest.raises(CouldNotTell, match="more than 50000 timer callbacks"):
        fresh.advance(2)
    fresh.browser.reset()
