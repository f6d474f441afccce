"""Racing real database connections: the calls of ``race`` start together, each
in its own thread with its own connection (PostgreSQL only: SQLite serialises
every write, so there is no race to lose)."""

import threading
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

POSTGRES_ONLY = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): two real connections racing",
    ),
]


@dataclass
class Raced:
    results: list = field(default_factory=list)  # what the calls returned
    refused: list = field(default_factory=list)  # the refusals' messages


def race(calls, *, refused_by: type[Exception]) -> Raced:
    """Run ``calls`` at once. A ``refused_by`` error is an answer (its
    ``message`` is kept); any other error fails the test."""
    barrier = threading.Barrier(len(calls))
    raced, errors = Raced(), []

    def run(call):
        try:
            barrier.wait()
            raced.results.append(call())
        except refused_by as error:
            raced.refused.append(error.message)
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connection.close()  # the thread's own connection, not left open

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [], errors
    return raced
