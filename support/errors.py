"""The errors Lapse raises: each one a single line that names the problem and the fix.

Anything that is not a verdict about the system under test is a `LapseError`: bad input, an app that cannot
be reached, a browser that is missing. They are never reported as "session expired".
"""


class LapseError(Exception):
    """Base class: a problem that stops a check from giving a verdict."""


class ConfigError(LapseError):
    """Bad input: a malformed duration, an unknown target, a contradictory policy, a broken target file."""


class CouldNotTell(LapseError):
    """A probe could not decide signed-in or signed-out (refused connection, 5xx, an unexpected page)."""


class SignInFailed(LapseError):
    """The user could not sign in (wrong password, missing form field): not a timeout verdict."""


class EnvironmentProblem(LapseError):
    """Something Lapse needs on this machine is missing or broken (browser, driver, libfaketime, a port)."""
