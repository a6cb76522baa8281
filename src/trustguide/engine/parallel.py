"""Run a build in a process of its own, beside this one, and hand back its log and its outcome as if it ran here.

A forked child starts with everything this process has read (configuration, memoised sources, imported code),
so it costs no start-up. Its log records are kept and replayed here when its result is asked for, so the terminal
shows one build after the other, never two interleaved; its failure is raised here, with the same message.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any

from trustguide.engine.choice import engine_logger

JOBS_VARIABLE = "TRUSTGUIDE_JOBS"  # TRUSTGUIDE_JOBS=1 builds one language after the other, in this process


def cores() -> int:
    """The processes a build may run at once: TRUSTGUIDE_JOBS, or the machine's cores."""
    try:
        return max(1, int(os.environ.get(JOBS_VARIABLE, "") or (os.cpu_count() or 1)))
    except ValueError:
        return 1


def available(jobs: int) -> bool:
    """Whether `jobs` jobs may run side by side: a core for a second one, Linux (where forking is safe; macOS
    system libraries are not, and Windows cannot fork), and no thread in this process (a fork copies no thread,
    and a lock a thread held would stay locked in the child)."""
    return (jobs > 1 and cores() > 1 and sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1)


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # what it says, whatever its arguments were
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _run(connection, work: Callable[..., Any], args: tuple) -> None:
    from trustguide.core.stopping import exit_at_once_on_termination

    exit_at_once_on_termination()  # cancelled: end now, with pandoc and the PDF renderers this build started
    kept = _Kept()
    for name in (engine_logger(), "trustguide"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [kept]
        logger.propagate = False
    failure: BaseException | None = None
    try:
        work(*args)
    except BaseException as exc:
        failure = exc
    try:
        payload = pickle.dumps((kept.records, failure))
    except Exception:
        from trustguide.core.errors import BuildFailed

        payload = pickle.dumps((kept.records, BuildFailed(f"{type(failure).__name__}: {failure}")))
    connection.send_bytes(payload)
    connection.close()


class Child:
    def __init__(self, work: Callable[..., Any], args: tuple) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(send, work, args), daemon=False)
        self._process.start()
        send.close()

    def result(self) -> None:
        """Wait for the child; replay its log here; raise its failure, if it failed."""
        try:
            records, failure = pickle.loads(self._receive.recv_bytes())
        except EOFError:
            records, failure = [], None
        finally:
            self._process.join()
            self._receive.close()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if failure is None and self._process.exitcode != 0:
            from trustguide.core.errors import BuildFailed

            failure = BuildFailed(f"a build beside this one stopped unexpectedly (exit code {self._process.exitcode})")
        if failure is not None:
            raise failure

    def cancel(self) -> None:
        """Stop the child and forget what it did."""
        self._process.terminate()
        self._process.join()
        self._receive.close()


def start(work: Callable[..., Any], *args: Any) -> Child:
    return Child(work, args)
