#!/usr/bin/env python3
"""Probe: guessing passwords is throttled.

Posts wrong passwords for one account to the site's and the admin's login
forms, as a scanner would, and expects a lockout (HTTP 429) within
``--limit`` attempts; once locked out, the right password must not work
either (give it with ``--password`` for a real account). Standard library
only, so it runs against any server:

    python scripts/probes/logins.py --base-url http://127.0.0.1:8000

Exits 0 if throttled, 1 if not (or on a server error). It locks the account
and this address out: unlock with ``manage.py axes_reset_ip 127.0.0.1``.
"""

import argparse
import http.cookiejar
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request


class Session:
    """Cookies, CSRF token and no redirects followed: what a browser keeps."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base_url + path, data=body)
        if data is not None:
            req.add_header("Referer", self.base_url + path)
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def csrf(self, path: str) -> str:
        self.request(path)
        for cookie in self.cookies:
            if cookie.name == "csrftoken":
                return cookie.value
        raise SystemExit(f"FAIL: {path} set no csrftoken cookie")

    def post_form(self, path: str, fields: dict) -> tuple[int, dict, bytes]:
        return self.request(path, {"csrfmiddlewaretoken": self.csrf(path), **fields})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument(
        "--account", default=f"probe-{secrets.token_hex(4)}@example.org"
    )
    parser.add_argument("--password", help="the account's right password, if real")
    parser.add_argument("--limit", type=int, default=30, help="most attempts allowed")
    args = parser.parse_args(argv)
    session = Session(args.base_url)
    failures = []

    locked_at = None
    for attempt in range(1, args.limit + 1):
        status, _, _ = session.post_form(
            "/accounts/login/",
            {"username": args.account, "password": f"guess-{attempt}"},
        )
        if status >= 500:
            failures.append(f"/accounts/login/ answered {status} on attempt {attempt}")
            break
        if status == 429:
            locked_at = attempt
            break
    if locked_at is None:
        failures.append(
            f"no lockout after {args.limit} wrong passwords on /accounts/login/"
        )
    else:
        print(f"ok: /accounts/login/ locked out at wrong password {locked_at}")

    # The admin's login counts the same account and address.
    status, _, body = session.post_form(
        "/admin/login/", {"username": args.account, "password": "guess-admin"}
    )
    if status != 429:
        failures.append(f"/admin/login/ answered {status}, not 429, once locked out")
    elif b"Too many attempts" not in body:
        failures.append("the lockout page does not say why")
    else:
        print("ok: /admin/login/ refuses the locked-out account with a clear page")

    if args.password:
        status, headers, _ = session.post_form(
            "/accounts/login/", {"username": args.account, "password": args.password}
        )
        if status != 429:
            failures.append(f"the right password answered {status} during the lockout")
        else:
            print("ok: the right password is refused during the lockout")

    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
