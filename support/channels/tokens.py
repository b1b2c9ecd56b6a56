"""The token channel: a client that signs in through the JSON API and holds a bearer access token and a
refresh token, as a single-page app or a mobile app does.

It is a `Channel` like the others, so a `User` can idle, "work" (refresh: the only activity a token session
has) and probe ("am I signed in?" is the protected resource called with the bearer token). Every token is
registered with the redactor the moment it is seen, and no token is ever written into an action or an
observation: the evidence says which token was used ("the refresh token already used once"), never its value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from support.channels.json_api import REFERENCE_ENDPOINTS, JsonClient, JsonEndpoints
from support.channels.probe import Answer, ProbeResult
from support.errors import ConfigError, CouldNotTell, SignInFailed
from support.evidence.model import EventKind
from support.evidence.redact import redact
from support.evidence.timeline import Timeline
from support.target import Target

if TYPE_CHECKING:
    from support.users import User


class TokenChannel(JsonClient):
    name = "tokens"

    def __init__(self, target: Target, base_url: str, actor: str, timeline: Timeline,
                 endpoints: JsonEndpoints = REFERENCE_ENDPOINTS) -> None:
        super().__init__(target, base_url, actor, timeline)
        self.endpoints = endpoints
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self.spent_refresh_tokens: list[str] = []  # refresh tokens already exchanged, oldest first

    # -- the Channel verbs ----------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> None:
        redact.register(password)
        result, body = self.call("POST", self.endpoints.issue, kind="sign-in", action=f"sign in as {username}",
                                 body={"username": username, "password": password})
        if result.answer is not Answer.SIGNED_IN:
            raise SignInFailed(f"could not sign in as {username} through {self.endpoints.issue}: {result.seen}; "
                               f"check {self.target.credentials.password_env}")
        self._keep(body, self.endpoints.issue)

    def act(self) -> ProbeResult:
        """The client's activity is a refresh: a token session is renewed by nothing else."""
        return self.refresh()

    def probe(self, kind: EventKind = "probe", action: str = "am I signed in?",
              path: str | None = None) -> ProbeResult:
        """Call the protected resource with the current access token."""
        return self.call_with_access_token(self._current("access"), kind=kind, action=action, path=path)

    def sign_out(self) -> None:
        """Revoke the token session (the app's sign-out for API clients)."""
        result, _ = self.call("POST", self.endpoints.revoke, kind="sign-out", action="revoke the refresh token",
                              body={"refresh_token": self._current("refresh")})
        if result.answer is not Answer.SIGNED_IN:
            raise CouldNotTell(f"revoking the tokens was refused: {result.seen}")

    def session_cookies(self) -> dict[str, str]:
        return {}  # a token client holds no session cookie

    # -- token verbs -------------------------------------------------------------------------------------
    def refresh(self) -> ProbeResult:
        """Exchange the current refresh token for a new pair; signed out if the server refuses it."""
        token = self._current("refresh")
        result, body = self.call("POST", self.endpoints.refresh, kind="activity", action="refresh the tokens",
                                 body={"refresh_token": token})
        if result.answer is Answer.SIGNED_IN:
            self.spent_refresh_tokens.append(token)
            self._keep(body, self.endpoints.refresh)
        return result

    def replay_spent_refresh_token(self) -> ProbeResult:
        """Present the most recently spent refresh token again, as a thief holding a copy would."""
        if not self.spent_refresh_tokens:
            raise CouldNotTell("no refresh token has been used yet: refresh the tokens first")
        result, body = self.call("POST", self.endpoints.refresh, kind="replay",
                                 action="replay the refresh token already used once",
                                 body={"refresh_token": self.spent_refresh_tokens[-1]})
        if result.answer is Answer.SIGNED_IN:
            self._register(body)  # an app that honours the replay hands out new secrets: keep them out too
        return result

    def call_with_access_token(self, token: str, *, kind: EventKind = "probe", action: str = "am I signed in?",
                               path: str | None = None) -> ProbeResult:
        path = path or self.endpoints.resource
        result, _ = self.call("GET", path, kind=kind, action=f"{action}, sending the access token",
                              headers={"Authorization": f"Bearer {token}"})
        return result

    # -- plumbing ------------------------------------------------------------------------------------------
    def _current(self, which: str) -> str:
        token = self.access_token if which == "access" else self.refresh_token
        if token is None:
            raise CouldNotTell(f"{self.actor} holds no {which} token: sign in with API tokens first")
        return token

    def _keep(self, body: Any, path: str) -> None:
        self._register(body)
        access = body.get("access_token") if isinstance(body, dict) else None
        refresh = body.get("refresh_token") if isinstance(body, dict) else None
        if not (isinstance(access, str) and isinstance(refresh, str)):
            raise CouldNotTell(f"{path} answered without an access_token and a refresh_token")
        self.access_token, self.refresh_token = access, refresh

    @staticmethod
    def _register(body: Any) -> None:
        if isinstance(body, dict):
            redact.register(*(v for k, v in body.items() if k.endswith("token") and isinstance(v, str)))


def tokens_of(user: User) -> TokenChannel:
    """The user's token channel; a clear error if the user signed in some other way."""
    if not isinstance(user.channel, TokenChannel):
        raise ConfigError(f'{user.name} is using the {user.channel.name} channel; this step needs API tokens: '
                          f'start with "Given a user signed in with API tokens"')
    return user.channel
