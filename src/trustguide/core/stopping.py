"""A command stopped from outside (SIGTERM from a CI runner or a service manager) stops at once and whole.

A build runs other processes: the translations' builds (forked), PDF renderers (a process pool) and pandoc. Stopped
without care, they ran on for over a minute and the staging folder stayed in the checkout. On a stop, every process
the command started is killed, the folders it was building in are removed, and it exits 143.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

# What this command made and would leave behind if it stopped now (staging folders): removed on a stop.
_MADE: list[Path] = []
_SAID = ["trustguide: stopped.\n"]
_OWNER = [0]  # the command's process


@contextlib.contextmanager
def removed_if_stopped(path: Path) -> Iterator[Path]:
    """While the block runs, a stop removes `path` (a folder this command is building in)."""
    _MADE.append(path)
    try:
        yield path
    finally:
        if path in _MADE:
            _MADE.remove(path)


@contextlib.contextmanager
def not_stopped_here() -> Iterator[None]:
    """A step that must not be cut in two (the swap of the published site): a stop waits until it is done."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


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
    """Ends the command here and now: its processes, then what it was building, then a word on what was kept. An
    exception would have to unwind through code that may be anywhere (a lock's release, a process pool's wait)."""
    signal.signal(signum, signal.SIG_IGN)
    stop_descendants()
    if os.getpid() == _OWNER[0]:  # not a process forked from the command (a PDF renderer): it owns nothing here
        for path in list(_MADE):
            shutil.rmtree(path, ignore_errors=True)
        sys.stderr.write(_SAID[0])
        sys.stderr.flush()
    os._exit(128 + signum)


def stop_on_termination(said: str = "trustguide: stopped.") -> None:
    """The command's own process: SIGTERM stops its processes, removes what it was building and exits 143."""
    _SAID[0] = said + "\n"
    _OWNER[0] = os.getpid()
    signal.signal(signal.SIGTERM, _stop)


def _exit_at_once(signum: int, frame) -> None:
    stop_descendants()
    os._exit(128 + signum)


def exit_at_once_on_termination() -> None:
    """A process forked for a build: when the command cancels it, it and what it started end at once (the command
    removes its folder)."""
    signal.signal(signal.SIGTERM, _exit_at_once)
