"""Read the register form as a browser would submit it (hidden fields, checked radios)."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "sc-register__form" in (attrs.get("class") or ""):
            self.in_form = True
        elif tag == "input" and self.in_form and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "radio" and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def register_form_data(html: str, **changes: str) -> dict[str, list[str]]:
    """The POST a browser sends for this register page, with ``status-<id>`` changes."""
    parser = _FormFields()
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    return data
