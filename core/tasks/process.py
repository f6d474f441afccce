"""Child processes that do not outlive the worker that started them."""

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1


def child_die_with_parent(*, poll_seconds: float = 1.0) -> None:
    """Call first thing in a forked child: it is killed when its parent dies.

    On Linux the kernel does it (``prctl(PR_SET_PDEATHSIG, SIGKILL)``); a
    thread watching the parent's pid covers other systems and the moment
    between ``fork`` and ``prctl``, when the parent may already be gone."""
    parent = multiprocessing.parent_process()
    parent_pid = parent.pid if parent is not None else os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            if os.getppid() != parent_pid:
                os._exit(1)
            threading.Event().wait(poll_seconds)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
