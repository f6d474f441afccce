"""A cross-process file lock that waits, with backoff, for a bounded time.

Whoosh allows one writer per index. Several gunicorn workers and the task
worker may all want to write at once, so every write to the index first takes
this lock. ``fcntl.flock`` locks belong to the open file: the kernel releases
them when the process dies, so a crash never leaves a stale lock behind.
"""

import contextlib
import fcntl
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path


class LockTimeout(TimeoutError):
    """The lock was still held by someone else when the time ran out."""


@contextlib.contextmanager
def file_lock(path: Path, *, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration of the block.

    Retries with jittered exponential backoff (5 ms doubling to 250 ms) until
    ``timeout`` seconds have passed, then raises ``LockTimeout``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{path} is still locked after {timeout} s"
                    ) from None
                time.sleep(delay * (0.5 + random.random()))  # noqa: S311 (jitter)
                delay = min(delay * 2, 0.25)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
