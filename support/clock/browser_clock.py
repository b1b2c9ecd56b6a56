"""The browser's clock: a script installed before the page's own scripts that runs the page on virtual time.

How it works
------------
A WebDriver BiDi preload script (`script.addPreloadScript`, which, unlike CDP's
`Page.addScriptToEvaluateOnNewDocument`, also reaches tabs opened later) replaces, in every document of every
tab and frame, `Date` (constructor and `Date.now`), `performance.now`, `setTimeout`/`setInterval` and their
`clear…`. The page then keeps time as *real time + an offset*, and its timers live in a queue the shim owns:

- between advances, timers fire on their own, in real time (a native timer is armed for each);
- `advance(d)` moves every open document forward by `d` and fires the timers due within `d` in due order,
  each callback seeing the virtual time it was due at (`Date.now()` and `performance.now()` stand still at the
  due time while timers fire, as in Playwright's `clock.runFor`), intervals repeating. Between callbacks the page gets a
  task turn (promise reactions run) and, if a callback started a request (`fetch`, `XMLHttpRequest`), the
  run waits for it and for the page's handling of the answer before the next timer fires;
- a timer that navigates the page (an auto-logout) ends the run in that document; Lapse waits for the next
  document, which starts on the new virtual time.

Two offsets: `mono` (every advance; moves `performance.now`, timers and `Date`) and `wall` (a skew: the
browser's wall clock set apart from the server's; moves `Date` only, like a wrong system clock — timers,
which browsers run on a monotonic clock, are not affected).

The current offsets reach a new document in two ways: baked into the preload script (re-installed lazily,
before Lapse navigates or opens a tab, when it is stale) and carried in the tab's `sessionStorage` under
`__lapseClock` (so a page that navigates itself in the middle of an advance starts on the right time). A
document that still starts behind catches up the next time the clock syncs it.

The `TimeController` cuts each advance at the page timers' due times (`next_due`), so the server's clock stands
at a timer's due time when the timer fires and its request reaches the server.

What it cannot fake
-------------------
- Cookie expiry: the browser expires cookies on its real clock (prove expiry on the server: replay the cookie).
- Web workers, service workers and worklets keep real time (the preload reaches window realms only).
- `requestAnimationFrame`, CSS animations and transitions, `Event.timeStamp`, `performance.timeOrigin` and
  resource timings follow the real clock; `<meta http-equiv="refresh">` and HTTP cache freshness too.
- Timers are cut into server steps no finer than `MIN_STEP` (1 s); timers closer together fire in order, with
  their own due time, but the server's clock stands at the end of that second.
- A request that never finishes (long poll, EventSource, WebSocket) is waited for at most `QUIET_TIMEOUT_MS`.
- A page whose timers fire more than `MAX_FIRINGS` times within one advance is reported, not run forever.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from support.errors import CouldNotTell

MIN_STEP = timedelta(seconds=1)
QUIET_TIMEOUT_MS = 5000
MAX_FIRINGS = 50_000
SETTLE_TIMEOUT_S = 10.0
SHIM_KEY = "__lapseClock"

# The page side. `initial` = {mono, wall, seq}; every later change comes through `sync(target)`.
SHIM = r"""
(initial) => {
  "use strict";
  const KEY = "__lapseClock";
  if (window[KEY]) return;
  const NativeDate = Date;
  const perf = window.performance;
  const realPerf = perf.now.bind(perf);
  const nSetTimeout = window.setTimeout.bind(window);
  const nClearTimeout = window.clearTimeout.bind(window);
  const channel = new MessageChannel();
  const yielders = [];
  channel.port1.onmessage = () => { const r = yielders.shift(); if (r) r(); };
  const nextTask = () => new Promise((r) => { yielders.push(r); channel.port2.postMessage(0); });

  let state = { mono: initial.mono, wall: initial.wall, seq: initial.seq };
  try {
    const kept = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    if (kept && kept.seq > state.seq) state = kept;
  } catch (e) { /* opaque origin or storage disabled: the baked state stands */ }
  let shift = state.mono;  // what is added to the real clock
  let frozen = null;  // while a sync fires timers, time stands at the due time of the one firing
  const vperf = () => (frozen === null ? realPerf() + shift : frozen);
  // Date is read off the same (virtual) monotonic clock as performance.now: the two never drift apart.
  const origin = perf.timeOrigin;
  const vwall = () => origin + vperf() + state.wall;

  function FakeDate(...args) {
    if (!new.target) return new NativeDate(vwall()).toString();
    return Reflect.construct(NativeDate, args.length ? args : [vwall()], new.target);
  }
  FakeDate.prototype = NativeDate.prototype;
  FakeDate.now = () => Math.floor(vwall());
  FakeDate.parse = NativeDate.parse;
  FakeDate.UTC = NativeDate.UTC;
  Object.defineProperty(FakeDate, "name", { value: "Date" });
  Object.defineProperty(FakeDate, "length", { value: 7 });
  FakeDate.toString = () => NativeDate.toString();
  NativeDate.prototype.constructor = FakeDate;
  window.Date = FakeDate;
  Object.defineProperty(perf, "now", { value: () => vperf(), configurable: true, writable: true });

  // -- timers: one queue, fired by real time between advances and by `sync` during one ----------------------
  const timers = new Map();
  let lastId = 0;
  let running = false;
  const arm = (t) => {
    if (t.native) nClearTimeout(t.native);
    t.native = nSetTimeout(() => onNative(t), Math.max(0, t.due - vperf()));
  };
  const onNative = (t) => {
    t.native = 0;
    if (running || timers.get(t.id) !== t) return;
    if (t.due > vperf() + 1) { arm(t); return; }
    fire(t);
    if (timers.get(t.id) === t) arm(t);
  };
  const fire = (t) => {
    if (t.interval === null) timers.delete(t.id); else t.due += t.interval;
    try { t.fn.apply(window, t.args); } catch (e) { window.reportError(e); }
  };
  const schedule = (fn, delay, args, repeat) => {
    const ms = Math.max(0, Number(delay) || 0);
    const code = String(fn);
    const t = { id: ++lastId, fn: typeof fn === "function" ? fn : () => (0, eval)(code), args,
                due: vperf() + ms, interval: repeat ? Math.max(ms, 1) : null, native: 0 };
    timers.set(t.id, t);
    if (!running) arm(t);
    return t.id;
  };
  const clear = (id) => {
    const t = timers.get(id);
    if (t) { if (t.native) nClearTimeout(t.native); timers.delete(id); }
  };
  window.setTimeout = function setTimeout(fn, delay, ...args) { return schedule(fn, delay, args, false); };
  window.setInterval = function setInterval(fn, delay, ...args) { return schedule(fn, delay, args, true); };
  window.clearTimeout = function clearTimeout(id) { clear(id); };
  window.clearInterval = function clearInterval(id) { clear(id); };
  const earliest = (limit) => {
    let best = null;
    for (const t of timers.values()) {
      if (t.due <= limit && (!best || t.due < best.due || (t.due === best.due && t.id < best.id))) best = t;
    }
    return best;
  };

  // -- is the page busy? requests in flight, a navigation under way ------------------------------------------
  // A request belongs to the clock sync it was started in (`epoch`); a sync waits only for its own, so a
  // long poll opened earlier does not hold up every step.
  const inflight = new Map();  // request → epoch
  let epoch = 0;
  let leaving = false;
  let opened = false;
  const waiters = [];
  const busy = (since) => [...inflight.values()].some((e) => e >= since);
  const wake = () => waiters.slice().forEach((w) => w());
  const begin = () => { const token = {}; inflight.set(token, epoch); return token; };
  // A task later, so the page's own reaction to the answer (a microtask) has run before the count drops.
  const end = (token) => () => { nSetTimeout(() => { inflight.delete(token); wake(); }, 0); };
  const quiet = (since) => new Promise((resolve) => {
    if (!busy(since) || leaving) { resolve(true); return; }
    const waiter = () => {
      if (busy(since) && !leaving) return;
      waiters.splice(waiters.indexOf(waiter), 1);
      nClearTimeout(timer);
      resolve(true);
    };
    const timer = nSetTimeout(() => { waiters.splice(waiters.indexOf(waiter), 1); resolve(false); },
                              QUIET_TIMEOUT_MS);
    waiters.push(waiter);
  });
  const track = (promise) => { const done = end(begin()); promise.then(done, done); return promise; };
  const nFetch = window.fetch;
  window.fetch = function fetch(...args) { return track(nFetch.apply(this, args)); };
  for (const name of ["json", "text", "arrayBuffer", "blob", "formData"]) {
    const read = Response.prototype[name];
    Response.prototype[name] = function (...args) { return track(read.apply(this, args)); };
  }
  const nSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function send(...args) {
    this.addEventListener("loadend", end(begin()), { once: true });
    return nSend.apply(this, args);
  };
  const nOpen = window.open;
  window.open = function open(...args) { opened = true; return nOpen.apply(this, args); };
  if (window.navigation) {
    window.navigation.addEventListener("navigate", (event) => {
      if (event.destination.sameDocument) return;
      leaving = true;
      wake();
      nSetTimeout(() => { if (event.defaultPrevented) leaving = false; }, 0);
    });
    window.navigation.addEventListener("navigatesuccess", () => { leaving = false; });
  }

  const doc = Math.random().toString(36).slice(2);
  const report = (extra) => {
    const next = earliest(Infinity);
    const answer = { doc, seq: state.seq, mono: shift, next: next ? Math.max(0, next.due - vperf()) : null,
                     leaving, opened, busy: inflight.size > 0, url: window.location.href, ...extra };
    opened = false;
    return answer;
  };
  const keep = () => {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* opaque origin */ }
  };

  // Move this document to `target` ({mono, wall, seq}): fire what falls due on the way, in order.
  const sync = async (target) => {
    if (running) return report({ error: "a clock sync is already running in this page" });
    running = true;
    const since = ++epoch;
    let fired = 0;
    let error = null;
    let timedOut = false;
    try {
      state = { mono: Math.max(target.mono, state.mono), wall: target.wall, seq: target.seq };
      keep();
      const horizon = realPerf() + state.mono;
      for (let t = earliest(horizon); t && !leaving; t = earliest(horizon)) {
        if (++fired > MAX_FIRINGS) {
          error = `more than ${MAX_FIRINGS} timer callbacks fell due; the page keeps rescheduling timers`;
          break;
        }
        frozen = Math.max(vperf(), t.due);
        fire(t);
        await nextTask();
        if (busy(since) && !leaving && !(await quiet(since))) timedOut = true;
      }
    } finally {
      frozen = null;
      shift = Math.max(shift, state.mono);
      running = false;
      epoch += 1;  // requests the page starts from now on belong to no sync
      for (const t of timers.values()) arm(t);
    }
    return report({ fired, error, timedOut });
  };
  Object.defineProperty(window, KEY, {
    value: Object.freeze({
      sync,
      mark: () => ({ epoch: ++epoch }),  // requests from now on are newer than the answer
      quiet: async (since) => report({ timedOut: !(await quiet(since)) }),
      report: () => report({}),
    }),
  });
}
""".replace("QUIET_TIMEOUT_MS", str(QUIET_TIMEOUT_MS)).replace("MAX_FIRINGS", str(MAX_FIRINGS))

_SYNC = "(target) => window.__lapseClock ? window.__lapseClock.sync(target) : null"
_QUIET = "(since) => window.__lapseClock ? window.__lapseClock.quiet(since) : null"
_MARK = "() => window.__lapseClock ? window.__lapseClock.mark() : null"
_LOADED = ("() => document.readyState === 'complete' && window.__lapseClock"
           " ? window.__lapseClock.report() : null")


@dataclass
class PageTime:
    """What one document answered: which document, when its next timer falls due, whether it is leaving."""

    context: str
    doc: str
    next_ms: float | None
    leaving: bool
    opened: bool
    url: str


class BrowserClock:
    """The browser backend of the TimeController: every open tab and frame, on one virtual clock."""

    name = "browser"
    component = "browser"  # as features say it: "the browser's clock runs 5 minutes behind the app server"
    can_skew = True

    def __init__(self, driver: WebDriver, moved: timedelta = timedelta(0),
                 on_page_moved: Callable[[str, str], None] | None = None) -> None:
        """`moved`: where the run's clocks stand (the controller's `common_offset`); `on_page_moved(context, url)`
        is told when a page navigates by itself while time is moved (a timer's auto sign-out)."""
        self._driver = driver
        self._on_page_moved = on_page_moved
        self._mono_ms = moved.total_seconds() * 1000
        self._wall_ms = 0.0
        self._seq = 1
        self._preload: str | None = None
        self._preload_seq = 0
        self._pages: dict[str, PageTime] | None = None  # the last answer of every document; None: ask again
        self.unfinished = 0  # how often a request a timer started was still open after QUIET_TIMEOUT_MS
        self._marks: dict[str, int] = {}  # per document, the request epoch before a click (see `mark`)
        self.closed = False
        self.install()

    # -- the ClockBackend protocol -----------------------------------------------------------------------
    def advance(self, delta: timedelta) -> None:
        """Move every open document forward by `delta`, firing the timers that fall due on the way."""
        if self.closed:
            return
        self._mono_ms += delta.total_seconds() * 1000
        self._seq += 1
        self._sync_all()

    def next_due(self) -> timedelta | None:
        """How long until the earliest timer of any open document falls due (None: no timer is pending)."""
        if self.closed:
            return None
        if self._pages is None:
            self._sync_all()
        dues = [p.next_ms for p in (self._pages or {}).values() if p.next_ms is not None]
        return timedelta(milliseconds=min(dues)) if dues else None

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._preload is not None:
            with contextlib.suppress(Exception):
                self._driver.script.remove_preload_script(script=self._preload)
            self._preload = None

    # -- the SteppableClock protocol: a browser whose wall clock is set apart from the server's ------------
    def jump(self, delta: timedelta) -> None:
        """Step the browser's wall clock (`Date`) by `delta`, either sign. `performance.now` and timers keep
        running, as a browser's do when its computer's clock is set: they run on a monotonic clock."""
        if self.closed or not delta:
            return
        self._wall_ms += delta.total_seconds() * 1000
        self._seq += 1
        self._sync_all()

    @property
    def skew(self) -> timedelta:
        """How far the browser's wall clock has been stepped, in total, since the run began."""
        return timedelta(milliseconds=self._wall_ms)

    # -- what the channel calls ---------------------------------------------------------------------------
    def install(self) -> None:
        """(Re)install the preload script with the current time, if documents created from now on need it."""
        if self.closed or self._preload_seq == self._seq:
            return
        declaration = f"() => ({SHIM})({json.dumps(self._target())})"
        old = self._preload
        added = self._driver.script.add_preload_script(function_declaration=declaration)
        self._preload = str(added["script"] if isinstance(added, dict) else added)
        self._preload_seq = self._seq
        if old is not None:
            self._driver.script.remove_preload_script(script=old)

    def before_navigation(self) -> None:
        """Lapse is about to load a page or open a tab: the new document must start on the current time."""
        self.install()
        self._pages = None

    def mark(self) -> None:
        """Before a click: remember where each document's requests stand, so `settle` waits only for newer ones
        (not for a long poll the page keeps open)."""
        if self.closed:
            return
        self._marks = {context: int((self._call(context, _MARK) or {}).get("epoch", 0))
                       for context in self._contexts()}

    def settle(self) -> None:
        """After a click: wait until every document has finished what the click started (requests, navigations)."""
        if self.closed:
            return
        self._pages = None
        for context in self._contexts():
            self._settle(context, self._call(context, _QUIET, self._marks.get(context, 0)))
        self._marks = {}

    # -- plumbing ------------------------------------------------------------------------------------------
    def _target(self) -> dict[str, float]:
        return {"mono": self._mono_ms, "wall": self._wall_ms, "seq": self._seq}

    def _contexts(self) -> list[str]:
        """Every browsing context: tabs and, depth first, their frames."""
        found: list[str] = []

        def walk(infos: Any) -> None:
            for info in infos or []:
                found.append(info.context)
                walk(info.children)

        walk(self._driver.browsing_context.get_tree())
        return found

    def _sync_all(self) -> None:
        contexts = list(self._pages) if self._pages is not None else self._contexts()
        pages: dict[str, PageTime] = {}
        refresh = False
        for context in contexts:
            page = self._settle(context, self._call(context, _SYNC, self._target()))
            if page is not None:
                pages[context] = page
                refresh = refresh or page.opened
            else:
                refresh = True  # a closed tab, or a document without the shim
        self._pages = None if refresh else pages

    def _settle(self, context: str, answer: dict[str, Any] | None) -> PageTime | None:
        """Follow a document that is navigating away until its successor has loaded and caught up."""
        page = self._page(context, answer)
        for _ in range(20):
            if page is None or not page.leaving:
                return page
            page = self._successor(context, page.doc)
        raise CouldNotTell(f"the page in tab {context[:8]} kept navigating while its clock was moved")

    def _successor(self, context: str, doc: str) -> PageTime | None:
        """Wait for the next document in `context`, then move it to the current time."""

        def loaded(_: Any) -> dict[str, Any] | bool:
            answer = self._call(context, _LOADED, quietly=True)
            if answer is None or (answer.get("doc") == doc and answer.get("leaving")):
                return False
            return answer

        try:
            WebDriverWait(self._driver, SETTLE_TIMEOUT_S, poll_frequency=0.01).until(loaded)
        except TimeoutException:
            answer = self._call(context, _LOADED, quietly=True)
            if answer is not None and answer.get("doc") == doc:
                return self._page(context, {**answer, "leaving": False})  # the navigation came to nothing
            raise CouldNotTell(f"the page in tab {context[:8]} started to navigate while its clock was moved "
                               f"and no new page loaded within {SETTLE_TIMEOUT_S:.0f} s") from None
        page = self._page(context, self._call(context, _SYNC, self._target()))
        if page is not None and self._on_page_moved is not None:
            self._on_page_moved(context, page.url)
        return page

    def _page(self, context: str, answer: dict[str, Any] | None) -> PageTime | None:
        if answer is None:
            return None
        if answer.get("error"):
            raise CouldNotTell(f"the browser clock could not move the page in tab {context[:8]}: {answer['error']}")
        if answer.get("timedOut"):
            self.unfinished += 1
        return PageTime(context, str(answer.get("doc")), answer.get("next"), bool(answer.get("leaving")),
                        bool(answer.get("opened")), str(answer.get("url", "")))

    def _call(self, context: str, function: str, *args: Any, quietly: bool = False) -> dict[str, Any] | None:
        """Call `function` in the context's page and return its (deserialised) answer; None if it has none.

        The arguments are written into the call as JSON: BiDi `arguments` cost Chromium several milliseconds.
        """
        call = f"() => ({function})(...{json.dumps(list(args))})"
        try:
            raw = self._driver.script.call_function(
                function_declaration=call, await_promise=True, target={"context": context})
        except WebDriverException as exc:
            text = str(exc).lower()
            if quietly or "no such" in text:
                return None
            if any(words in text for words in _NAVIGATED):
                return {"doc": None, "leaving": True}  # the page navigated mid-call: `_settle` follows it
            raise CouldNotTell(f"the browser clock lost the page in tab {context[:8]}: "
                               f"{(exc.msg or str(exc)).splitlines()[0]}") from None
        if not isinstance(raw, dict) or raw.get("type") != "success":
            if quietly or _gone(raw):
                return None
            raise CouldNotTell(f"the browser clock failed in tab {context[:8]}: {_exception_text(raw)}")
        value = _remote(raw.get("result"))
        return value if isinstance(value, dict) else None


# Chromium's words when a call's document was replaced under it (a timer's `location.href = ...` committing).
_NAVIGATED = ("cannot find context", "execution context was destroyed", "inspected target navigated")


def _gone(raw: Any) -> bool:
    """The document went away mid-call (it navigated, or the tab closed): not an error of the clock."""
    text = _exception_text(raw).lower()
    return any(word in text for word in ("destroyed", "detached", "navigat", "no such", "closed"))


def _exception_text(raw: Any) -> str:
    if isinstance(raw, dict):
        details = raw.get("exceptionDetails")
        if isinstance(details, dict):
            return str(details.get("text", details))
    return str(raw)


def _remote(value: Any) -> Any:
    """A BiDi RemoteValue back as a plain Python value."""
    if not isinstance(value, dict):
        return value
    kind, inner = value.get("type"), value.get("value")
    if kind in ("null", "undefined"):
        return None
    if kind == "object":
        return {(k if isinstance(k, str) else str(_remote(k))): _remote(v) for k, v in inner or []}
    if kind == "array":
        return [_remote(v) for v in inner or []]
    if kind == "number" and isinstance(inner, str):
        return float(inner.replace("Infinity", "inf"))
    return inner
