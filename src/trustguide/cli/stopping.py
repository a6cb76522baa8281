"""A command stopped from outside (SIGTERM from a CI runner or a service manager, Ctrl-C) stops at once and whole.

A build runs other processes: the translations' builds (forked), PDF renderers (a process pool) and pandoc. Stopped
without care, they ran on for over a minute and the staging folder stayed in the checkout. On a stop, every process
the command started is killed first, then the command unwinds as from Ctrl-C, so each `finally` removes what it made.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path


class Stopped(KeyboardInterrupt):
    """The command was asked to stop (SIGTERM); it unwinds like Ctrl-C and exits 143."""


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, parents before their children (Linux: read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the field after the state, past the command's name
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    waiting = [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found


def stop_descendants() -> None:
    """Kill every process this one started, and theirs (pandoc, PDF renderers, builds beside this one)."""
    if not Path("/proc").is_dir():
        return
    for pid in _descendants(os.getpid()):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _stop(signum: int, frame) -> None:
    signal.signal(signum, signal.SIG_IGN)  # once: the unwinding must not be interrupted by a second request
    stop_descendants()
    raise Stopped()


def stop_on_termination() -> None:
    """The command's own process: SIGTERM stops its processes, then unwinds (the staging folder is removed)."""
    signal.signal(signal.SIGTERM, _stop)


def _exit_at_once(signum: int, frame) -> None:
    stop_descendants()
    os._exit(128 + signum)


def exit_at_once_on_termination() -> None:
    """A process forked for a build: when the command cancels it, it and what it started end at once (the command
    removes its folder)."""
    signal.signal(signal.SIGTERM, _exit_at_once)
