"""Leave no process behind: find and end a process's whole tree (Linux /proc), used as a last resort."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path


def children_of(pid: int) -> list[int]:
    """Direct children, read from /proc (no third-party dependency)."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def tree_of(pid: int) -> list[int]:
    """`pid` and every descendant, parents first."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue.extend(children_of(current))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def kill_tree(pid: int, grace_s: float = 2.0) -> None:
    """SIGTERM the tree, wait up to `grace_s`, then SIGKILL whatever is left."""
    pids = tree_of(pid)
    for p in reversed(pids):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(p, signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.05)
    for p in pids:
        if alive(p):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(p, signal.SIGKILL)
