"""Find HTML forms and their fields without a browser, so hidden CSRF fields are sent back automatically."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)  # name → value, every input that has a name

    @property
    def hidden(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if k in self._hidden_names}

    _hidden_names: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(action=a.get("action", ""), method=a.get("method", "get").lower(), attrs=a)
            self.forms.append(self._current)
        elif tag in ("input", "button", "select", "textarea") and self._current is not None and "name" in a:
            if tag == "button" or a.get("type") in ("submit", "image"):
                return  # a submit button's value is sent only when it is the one clicked
            self._current.fields[a["name"]] = a.get("value", "")
            if a.get("type", "").lower() == "hidden":
                self._current._hidden_names.add(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def find_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_with_field(html: str, name: str) -> Form | None:
    return next((f for f in find_forms(html) if name in f.fields), None)


def form_with_action(html: str, action: str) -> Form | None:
    return next((f for f in find_forms(html) if f.action.split("?")[0] == action), None)
