"""A child process (a pack render) dies with the worker that started it."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.operations.conftest import ROOT, alive, wait_for

PARENT = """
import multiprocessing, sys, time
from core.tasks.process import child_die_with_parent

def child(guard):
    if guard:
        child_die_with_parent()
    time.sleep(60)

if __name__ == "__main__":
    context = multiprocessing.get_context("fork")
    process = context.Process(target=child, args=(sys.argv[1] == "guarded",))
    process.start()
    print(process.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("guard", ["guarded", "unguarded"])
def test_a_child_dies_with_its_killed_parent(guard, tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, str(script), guard],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    child = int(parent.stdout.readline())
    try:
        time.sleep(0.5)  # the child has armed its guard
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        if guard == "guarded":
            wait_for(lambda: not alive(child), timeout=5, what="the child to die")
        else:
            # Without the guard the child lives on: the check above can fail.
            time.sleep(2)
            assert alive(child)
    finally:
        if alive(child):
            os.kill(child, signal.SIGKILL)
