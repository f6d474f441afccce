"""A small cookie-keeping HTTP client for the probes (standard library only).

The probes run against any server on loopback, so they import nothing of the
project: only what a browser would send.
"""

import argparse
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One browser: its own cookies; redirects are returned, not followed."""

    def __init__(self, base_url: str, *, session_cookie: str = ""):
        self.base_url = base_url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.session_cookie = session_cookie

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def request(self, method, path, *, data=None, headers=None, timeout=60) -> Response:
        request = urllib.request.Request(  # noqa: S310 - the operator's base URL
            self.url(path), data=data, method=method, headers=headers or {}
        )
        request.add_header("Referer", self.base_url + "/")
        # Cookies are sent by hand: the jar will not send one set for an IP
        # address (a given session); it still keeps what the server sets.
        cookies = {c.name: c.value for c in self.jar}
        if self.session_cookie:
            cookies["sessionid"] = self.session_cookie
        if cookies:
            request.add_header(
                "Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())
            )
        try:
            # The operator gives the base URL (http on loopback): no other scheme.
            with self.opener.open(request, timeout=timeout) as reply:  # noqa: S310
                return Response(reply.status, reply.headers, reply.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path, params=None, **kwargs) -> Response:
        if params:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode(
                params, doseq=True
            )
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, *, files=None, **kwargs) -> Response:
        fields = {**fields, "csrfmiddlewaretoken": self.csrf_token()}
        if files:
            body, kind = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            kind = "application/x-www-form-urlencoded"
        headers = {"Content-Type": kind, "X-CSRFToken": self.csrf_token()}
        return self.request("POST", path, data=body, headers=headers, **kwargs)

    def csrf_token(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str, password: str) -> None:
        """Sign in through the admin's login form, as a person would."""
        self.get("/admin/login/")
        reply = self.post(
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        if reply.status != 302:
            fail(f"could not sign in as {username} (status {reply.status})")


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    for name, (filename, data) in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class FormFields(HTMLParser):
    """The fields a browser would submit from the first form matching ``css_class``."""

    def __init__(self, css_class: str = ""):
        super().__init__()
        self.css_class, self.inside, self.done = css_class, False, False
        self.fields: list[tuple[str, str]] = []
        self.options: dict[str, list[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and not self.done
            and self.css_class in (attrs.get("class") or "")
        ):
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") in {"radio", "checkbox"} and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, css_class: str = "") -> FormFields:
    parser = FormFields(css_class)
    parser.feed(html)
    return parser


def arguments(description: str, extra=()) -> argparse.Namespace:
    """The probes' common options, and ``extra`` (flag, help) options of one."""
    parser = argparse.ArgumentParser(description=description)
    for flag, help_text in extra:
        parser.add_argument(flag, default="", help=help_text)
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--user", default="", help="a user allowed to do this")
    parser.add_argument("--password", default="")
    parser.add_argument(
        "--session",
        default="",
        help="a signed-in session cookie, instead of a password",
    )
    return parser.parse_args()


def browser(args) -> Browser:
    client = Browser(args.base_url, session_cookie=args.session)
    if args.user and not args.session:
        client.login(args.user, args.password)
    return client


def fail(message: str) -> None:
    print(f"FAIL: {message}", file=sys.stderr)  # noqa: T201 - a command-line probe
    sys.exit(1)


def report(message: str) -> None:
    print(message)  # noqa: T201 - a command-line probe


def links(html: str) -> list[str]:
    return re.findall(r'href="(/[^"#]*)"', html)
