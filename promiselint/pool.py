"""The worker processes that lint files the cache does not have: started with "spawn" (safe on
every platform and with any thread), each builds its own engine and pipelines once; the
``Runner`` lints files here or hands them to the workers, a backlog per guessed language, so
that each worker keeps to the language it has loaded (building a pipeline takes seconds)."""

from __future__ import annotations

import functools
import os
import signal
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from promiselint import compiled_state
from promiselint.cache import Cache
from promiselint.config import Config
from promiselint.engine import Engine
from promiselint.errors import ReadError
from promiselint.findings import InputError
from promiselint.linting import make_engine
from promiselint.outcome import FileOutcome, FileTask, from_plain, lint_one, to_plain
from promiselint.ruleset.model import Ruleset

# Measured on 2 cores (benchmarks/README.md): 40 English Markdown files (320 KB) still ran
# slower with 2 workers than with one, 1M words (6.5 MB) ran 1.74x faster. Each worker builds
# its own pipelines (seconds per language), so the pool needs a lot of text to pay off.
PARALLEL_BYTES = 1024 * 1024
_IN_FLIGHT_PER_WORKER = 4
_GUESS_BYTES = 2048


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# One engine per worker process, built by the pool's initializer.
_worker_engine: Engine | None = None


def _start_worker(config: Config, ruleset: Ruleset, compiled: tuple[Path | None, str]) -> None:
    global _worker_engine
    compiled_state.use(*compiled)  # the parent's compiled state: no model or tables rebuilt
    _worker_engine = make_engine(config, ruleset)


def _work(task: FileTask, data: bytes | None) -> dict[str, Any] | str:
    """In a worker: the outcome as plain data, or the read error's message."""
    assert _worker_engine is not None, "worker started without an engine"
    try:
        return to_plain(lint_one(_worker_engine, task, data))
    except ReadError as exc:
        return str(exc)


def _ignoring_interrupts(start: Callable[[], Any]) -> Any:
    """``start()`` with SIGINT ignored, so that the processes it spawns ignore it from birth (an
    ignored signal stays ignored across exec): Ctrl-C reaches the whole process group, and only
    this process should answer it, by stopping the workers, not each worker with a traceback.
    SIGINT is blocked meanwhile too, so that a Ctrl-C in that moment waits (Linux keeps a
    blocked signal pending even while it is ignored) and interrupts this process right after."""
    if threading.current_thread() is not threading.main_thread() or os.name != "posix":
        return start()  # handlers can only change in the main thread; Windows has no groups
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return start()
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


class Worker:
    """One worker process, the language it was last given, and its files in flight."""

    def __init__(self, context: Any, config: Config, ruleset: Ruleset) -> None:
        # The engine's makings go as the pool's first task, not as its initializer's arguments:
        # those are written to the new process while it starts (0.5 MB, about a second), and a
        # Ctrl-C in all that time would be lost. One process per pool runs tasks in order.
        self.pool = _ignoring_interrupts(functools.partial(context.Pool, 1))
        self.pool.apply_async(_start_worker, (config, ruleset, compiled_state.settings()))
        self.language: str | None = None
        self.in_flight: deque[Any] = deque()  # AsyncResults, oldest first

    def has_room(self) -> bool:
        while self.in_flight and self.in_flight[0].ready():
            self.in_flight.popleft()
        return len(self.in_flight) < _IN_FLIGHT_PER_WORKER


@dataclass
class Entry:
    item: FileTask | InputError
    key: str | None = None
    data: bytes | None = None  # held until the file is linted
    pending: Any = None  # an outcome, a plain dict or str, an AsyncResult; None: not yet sent

    def ready(self) -> bool:
        if self.pending is None:
            return False
        done = getattr(self.pending, "ready", None)
        return done is None or done()


class Runner:
    """Lints the files that missed the cache, in this process or in worker processes started
    on demand. Files for the workers wait in one backlog per (guessed) language, and a worker
    keeps to the language it has loaded while files in it wait."""

    def __init__(self, engine: Engine, config: Config, cache: Cache | None, jobs: int | None):
        self.engine, self.config, self.cache = engine, config, cache
        # More processes than CPUs only compete for them (4 jobs on 2 CPUs ran 2x slower).
        self.jobs = default_jobs() if jobs is None else max(1, min(jobs, default_jobs()))
        self.threshold = PARALLEL_BYTES if jobs is None else 1
        self.workers: list[Worker] = []
        self.backlog: dict[str | None, deque[Entry]] = {}

    def start(self, waiting_bytes: int) -> bool:
        """Whether held-back files can go now: to the workers (started once there is enough
        text), or here when there is only one job."""
        if self.jobs == 1 or self.workers:
            return True
        if waiting_bytes < self.threshold:
            return False
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.workers = [Worker(context, self.config, self.engine.ruleset) for _ in range(self.jobs)]
        return True

    def submit(self, entry: Entry) -> None:
        """Lint the entry here, or queue it for the workers."""
        assert isinstance(entry.item, FileTask)
        if not self.workers:
            try:
                entry.pending = to_plain(lint_one(self.engine, entry.item, entry.data))
            except ReadError as exc:
                entry.pending = str(exc)
            entry.data = None
            return
        # The guess only steers files to workers; each file's languages are detected there.
        text = (entry.data or b"")[:_GUESS_BYTES].decode("utf-8", "ignore")
        self.backlog.setdefault(self.engine.chooser.guess(text), deque()).append(entry)

    def feed(self) -> None:
        """Hand waiting files to the workers that have room."""
        for worker in self.workers:
            while self.backlog and worker.has_room():
                language = worker.language
                if language not in self.backlog:  # its language ran out: the longest backlog
                    taken = {other.language for other in self.workers}
                    language = max(
                        self.backlog, key=lambda lang: (lang not in taken, len(self.backlog[lang]))
                    )
                entries = self.backlog[language]
                entry = entries.popleft()
                if not entries:
                    del self.backlog[language]
                entry.pending = worker.pool.apply_async(_work, (entry.item, entry.data))
                entry.data = None
                worker.language = language
                worker.in_flight.append(entry.pending)

    def waiting(self) -> int:
        return sum(len(entries) for entries in self.backlog.values())

    def wait(self, head: Entry) -> None:
        """Block until ``head`` is linted, or a worker has room for a waiting file."""
        while self.workers and not head.ready():
            if self.backlog and any(worker.has_room() for worker in self.workers):
                return
            for worker in self.workers:
                if worker.in_flight:
                    worker.in_flight[0].wait(0.01)

    def result(self, task: FileTask, key: str | None, pending: Any) -> FileOutcome | InputError:
        """The outcome of a linted file, stored in the cache."""
        plain = pending if isinstance(pending, dict | str) else pending.get()
        if isinstance(plain, str):
            return InputError(task.display, f"cannot read: {plain}")
        if key is not None and self.cache is not None:
            self.cache.put(key, plain)
        return from_plain(plain, task.display)

    def close(self) -> None:
        # Every result is in (or the run is over): stopping the workers outright saves waiting
        # ~0.5 s for them to free their pipelines on a normal exit. They hold nothing unsaved.
        for worker in self.workers:
            worker.pool.terminate()
        for worker in self.workers:
            worker.pool.join()
