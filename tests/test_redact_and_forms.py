"""Redaction and form discovery: the two things that keep secrets out and CSRF tokens in."""

from __future__ import annotations

from support.channels.html_forms import form_with_action, form_with_field
from support.evidence.redact import MASK, Redactor

PAGE = """
<form id="search" action="/search"><input name="q"></form>
<form id="login" method="post" action="/login">
  <input type="hidden" name="csrf_token" value="tok-123456">
  <input name="username"><input type="password" name="password">
  <button type="submit" name="go" value="1">Sign in</button>
</form>
<form id="logout" method="post" action="/logout?x=1"><input type="hidden" name="csrf_token" value="t2"></form>
"""


def test_registered_secrets_and_secret_shapes_are_blanked() -> None:
    redact = Redactor()
    redact.register("s3cret-cookie-value", "ab")  # too short to register: would blank ordinary words
    text = redact("cookie s3cret-cookie-value; Authorization: Bearer eyJabc.def; password=hunter2 ab")
    assert "s3cret-cookie-value" not in text and "eyJabc" not in text and "hunter2" not in text
    assert text.count(MASK) == 3 and text.endswith(" ab")


def test_the_form_with_the_password_field_and_its_hidden_fields() -> None:
    form = form_with_field(PAGE, "password")
    assert form is not None and form.action == "/login" and form.method == "post"
    assert form.hidden == {"csrf_token": "tok-123456"}
    assert "go" not in form.fields  # a submit button is sent only when clicked


def test_the_form_with_an_action_ignores_the_query() -> None:
    form = form_with_action(PAGE, "/logout")
    assert form is not None and form.fields == {"csrf_token": "t2"}


def test_only_token_like_hidden_fields_become_secrets() -> None:
    from support.channels import api
    from support.channels.html_forms import find_forms

    form = find_forms('<form><input type="hidden" name="next" value="/admin/">'
                      '<input type="hidden" name="csrfmiddlewaretoken" value="tok-9f8e7d">'
                      '<input type="hidden" name="state2" value="Zq0rT1m9cXb4Lp8sWk2Y"></form>')[0]
    before = set(api.redact._secrets)
    api._register_tokens(form)
    added = set(api.redact._secrets) - before
    assert added == {"tok-9f8e7d", "Zq0rT1m9cXb4Lp8sWk2Y"}
