"""The HTTP channel: a `requests.Session` that signs in through the real form (CSRF and all), acts, probes.

Redirects are never followed automatically: a redirect to the sign-in page *is* the answer "signed out".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from support.channels.html_forms import Form, form_with_action, form_with_field
from support.channels.probe import Answer, ProbeResult
from support.errors import CouldNotTell, SignInFailed
from support.evidence.model import EventKind
from support.evidence.redact import redact
from support.evidence.timeline import Timeline
from support.target import Target

TIMEOUT_S = 10.0


class ApiChannel:
    name = "api"

    def __init__(self, target: Target, base_url: str, actor: str, timeline: Timeline) -> None:
        self.target = target
        self.base_url = base_url.rstrip("/")
        self.actor = actor
        self.timeline = timeline
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "lapse (session-timeout acceptance tests)"

    # -- the user's verbs ---------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> None:
        redact.register(password)
        form_page = self.target.sign_in.page
        page = self._send("GET", form_page)
        form = form_with_field(page.text, self.target.sign_in.password_field)
        if form is None:
            raise SignInFailed(f"no sign-in form at {form_page}: no field named "
                               f'"{self.target.sign_in.password_field}" (check [sign_in.form] in '
                               f"{self.target.file})")
        fields = dict(form.fields)
        fields[self.target.sign_in.username_field] = username
        fields[self.target.sign_in.password_field] = password
        _register_tokens(form)
        action = form.action or form_page
        reply = self._send("POST", urljoin(form_page, action), data=fields)
        seen = self._describe(reply)
        if reply.status_code >= 500:
            self._record("sign-in", f"POST {action} as {username}", seen, reply)
            raise CouldNotTell(f"sign-in failed with a server error: {seen}")
        if reply.status_code >= 400:
            self._record("sign-in", f"POST {action} as {username}", seen, reply)
            why = ("the password or username was refused — check " + self.target.credentials.password_env
                   if reply.status_code in (401, 403) or "password" in reply.text.lower()
                   else "the form was rejected (a CSRF token or field name may be wrong)")
            raise SignInFailed(f"could not sign in as {username}: {seen}; {why}")
        self._record("sign-in", f"POST {action} as {username}", seen, reply)
        check = self.probe(kind="sign-in", action="confirm sign-in")
        if check.answer is not Answer.SIGNED_IN:
            raise SignInFailed(f"could not sign in as {username}: the form was accepted ({seen}) but "
                               f"{check.seen}; check the credentials and [signed_in] in {self.target.file}")

    def act(self) -> ProbeResult:
        """A request the app counts as activity (the user clicks around)."""
        return self.probe(kind="activity", action="work", path=self.target.activity_path)

    def probe(self, kind: EventKind = "probe", action: str = "am I signed in?",
              path: str | None = None) -> ProbeResult:
        """Ask the app whether this client is signed in; could-not-tell raises `CouldNotTell`."""
        path = path or self.target.signed_in.probe
        try:
            reply = self._send("GET", path)
        except CouldNotTell as exc:
            self.timeline.record(kind, self.actor, self.name, f"GET {path} ({action})", str(exc),
                                 outcome="could not tell")
            raise
        seen = self._describe(reply)
        try:
            answer = self._classify(reply)
        except CouldNotTell as exc:
            self._record(kind, f"GET {path} ({action})", str(exc), reply, outcome="could not tell")
            raise
        self._record(kind, f"GET {path} ({action})", seen, reply, outcome=answer.value)
        return ProbeResult(answer, seen)

    def sign_out(self) -> None:
        probe_path = self.target.signed_in.probe
        action = self.target.sign_out.form_action
        page = self._send("GET", probe_path)
        form = form_with_action(page.text, action)
        if form is None:  # some apps (Rails) link to a sign-out page that holds the form
            page = self._send("GET", action)
            form = form_with_action(page.text, action)
        if form is None:
            raise CouldNotTell(f"no sign-out form with action {action} on {probe_path} or at GET {action} "
                               f"({self._describe(page)}); check [sign_out] form_action in {self.target.file}")
        _register_tokens(form)
        reply = self._send(form.method.upper(), form.action, data=form.fields)
        self._record("sign-out", f"{form.method.upper()} {form.action}", self._describe(reply), reply)
        if reply.status_code >= 400:
            raise CouldNotTell(f"sign-out was refused: {self._describe(reply)}")

    # -- cookies for replay -------------------------------------------------------------------------
    def session_cookies(self) -> dict[str, str]:
        """The session cookie(s) this client holds now."""
        jar = {c.name: c.value or "" for c in self.http.cookies}
        cookies = {name: jar[name] for name in self.target.session_cookies if name in jar}
        redact.register(*cookies.values())
        return cookies

    def adopt_cookies(self, cookies: dict[str, str]) -> None:
        host = urlsplit(self.base_url).hostname or ""
        for name, value in cookies.items():
            self.http.cookies.set(name, value, domain=host, path="/")

    # -- plumbing -----------------------------------------------------------------------------------
    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        url = urljoin(self.base_url + "/", path.lstrip("/"))
        try:
            reply = self.http.request(method, url, allow_redirects=False, timeout=TIMEOUT_S, **kwargs)
        except requests.ConnectionError as exc:
            raise CouldNotTell(f"could not reach the app at {url}: {_reason(exc)} — is it running? "
                               f"(target {self.target.name})") from None
        except requests.Timeout:
            raise CouldNotTell(f"the app at {url} did not answer within {TIMEOUT_S:.0f} s") from None
        for cookie in reply.cookies:
            redact.register(cookie.value)
        return reply

    def _classify(self, reply: requests.Response) -> Answer:
        signed_out = self.target.signed_out
        if reply.status_code >= 500:
            raise CouldNotTell(f"the app failed: {self._describe(reply)} — a server error is not an expiry")
        if reply.is_redirect:
            location = urlsplit(reply.headers.get("Location", "")).path
            if signed_out.redirect_to and location.startswith(signed_out.redirect_to):
                return Answer.SIGNED_OUT
            raise CouldNotTell(f"unexpected redirect: {self._describe(reply)} (expected the dashboard or "
                               f"a redirect to {signed_out.redirect_to})")
        if reply.status_code in signed_out.statuses:
            return Answer.SIGNED_OUT
        if reply.status_code == 200 and self.target.signed_in.text in reply.text:
            return Answer.SIGNED_IN
        if reply.status_code == 200 and signed_out.text and signed_out.text in reply.text:
            return Answer.SIGNED_OUT
        raise CouldNotTell(f"unexpected page: {self._describe(reply)} shows neither the signed-in marker "
                           f"{self.target.signed_in.text!r} nor the sign-in page")

    def _describe(self, reply: requests.Response) -> str:
        path = urlsplit(reply.url).path
        text = f"{reply.request.method} {path} → {reply.status_code}"
        if reply.is_redirect:
            text += f" {_local(reply.headers.get('Location', ''))}"
        return text

    def _record(self, kind: EventKind, action: str, seen: str, reply: requests.Response,
                outcome: Any = None) -> None:
        details: dict[str, Any] = {
            "method": reply.request.method, "path": urlsplit(reply.url).path, "status": reply.status_code,
        }
        if reply.is_redirect:
            details["location"] = _local(reply.headers.get("Location", ""))
        if set_cookies := [c.name for c in reply.cookies]:
            details["cookies_set"] = set_cookies
        if sent := [n for n in (reply.request.headers.get("Cookie") or "").split("; ") if n]:
            details["cookies_sent"] = [n.split("=", 1)[0] for n in sent]
        self.timeline.record(kind, self.actor, self.name, action, seen, outcome=outcome, details=details)


def _register_tokens(form: Form) -> None:
    """Hidden fields that carry tokens are secrets; others (`next=/admin/`) are not, and must stay readable."""
    redact.register(*(value for name, value in form.hidden.items()
                      if any(word in name.lower() for word in ("csrf", "token", "nonce", "state", "auth"))
                      or _looks_random(value)))


def _looks_random(value: str) -> bool:
    return len(value) >= 16 and not value.startswith("/") and " " not in value


def _local(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _reason(exc: Exception) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "No route to host"):
        if known in text:
            return known.lower()
    return text.splitlines()[0][:200]
