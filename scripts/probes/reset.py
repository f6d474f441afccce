#!/usr/bin/env python3
"""Probe: password reset tells nobody which addresses have an account.

Asks for a reset for a known address (``--known``) and for unknown ones,
``--rounds`` times each in turn, and expects the same answers (status,
redirect, page) and no server error, with times in the same class: the
medians may differ by no more than ``--tolerance`` seconds.

    python scripts/probes/reset.py --base-url http://127.0.0.1:8000 --known ada@example.org

Standard library only. Exits 0 if the answers cannot be told apart, 1 if
they can. It sends real reset mails to the known address.
"""

import argparse
import secrets
import statistics
import sys
import time

from logins import Session


def _ask(base_url: str, email: str) -> tuple[tuple, float]:
    session = Session(base_url)
    token = session.csrf("/accounts/password_reset/")
    started = time.perf_counter()
    status, headers, _ = session.request(
        "/accounts/password_reset/", {"csrfmiddlewaretoken": token, "email": email}
    )
    elapsed = time.perf_counter() - started
    location = headers.get("Location", "")
    page = session.request(location)[2] if location.startswith("/") else b""
    return (status, location, page), elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--known", required=True, help="an address with an account")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tolerance", type=float, default=0.1, help="seconds")
    args = parser.parse_args(argv)
    answers = {"known": set(), "unknown": set()}
    times = {"known": [], "unknown": []}
    for _ in range(args.rounds):
        for kind, email in (
            ("known", args.known),
            ("unknown", f"nobody-{secrets.token_hex(4)}@example.org"),
        ):
            answer, elapsed = _ask(args.base_url, email)
            answers[kind].add(answer)
            times[kind].append(elapsed)
    failures = []
    statuses = {answer[0] for kind in answers for answer in answers[kind]}
    if any(status >= 500 for status in statuses):
        failures.append(f"a server error: statuses {sorted(statuses)}")
    if answers["known"] != answers["unknown"] or len(answers["known"]) != 1:
        failures.append(
            "known and unknown addresses are answered differently: "
            f"{[a[:2] for a in answers['known']]} vs {[a[:2] for a in answers['unknown']]}"
        )
    else:
        print(f"ok: the same answer for both ({next(iter(answers['known']))[:2]})")
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    gap = abs(medians["known"] - medians["unknown"])
    line = f"median known {medians['known']:.3f}s, unknown {medians['unknown']:.3f}s"
    if gap > args.tolerance:
        failures.append(f"timing tells them apart: {line}")
    else:
        print(f"ok: {line}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
