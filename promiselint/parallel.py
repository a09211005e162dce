"""Linting many files: the cache first, then this process or a pool of worker processes.

Each file's outcome (findings, the notices its languages raised, its numeric statements for the
cross-file consistency check) is computed by ``lint_one``, in this process or in a worker, and
travels as plain dicts. Workers are started with "spawn" (safe on every platform and with any
thread), each builds its own engine and pipelines once, and results come back in input order,
so the output is the same with any number of jobs.

Files are read one at a time; at most ``_READ_AHEAD_FILES`` wait for a worker and a few per
worker are in flight, so memory does not grow with the number of files. Waiting files queue by
their guessed language and each worker keeps to the language it has loaded (building a
language's pipeline takes seconds). Workers are only worth their start-up (a new interpreter
each) when there is enough text to lint: with the default job count, work is held back until
the files waiting to be linted hold ``PARALLEL_BYTES``, and stays in this process if they never
do.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promiselint import compiled_state
from promiselint.cache import Cache
from promiselint.config import Config
from promiselint.consistency import CONFLICT_RULE, ConsistencyCheck, Statement
from promiselint.engine import Engine
from promiselint.errors import ReadError
from promiselint.findings import Finding, InputError, Location
from promiselint.linting import lint_document, make_engine
from promiselint.ruleset.model import Ruleset

# Measured on 2 cores (benchmarks/README.md): 40 English Markdown files (320 KB) still ran
# slower with 2 workers than with one, 1M words (6.5 MB) ran 1.74x faster. Each worker builds
# its own pipelines (seconds per language), so the pool needs a lot of text to pay off.
PARALLEL_BYTES = 1024 * 1024
_IN_FLIGHT_PER_WORKER = 4
# Each worker builds a language's pipeline the first time it meets it, which takes seconds for
# some (spaCy's French tokenizer exceptions alone take ~4 s to import): reading ahead lets
# files in the same language go to the same worker. Memory stays bounded by these.
_READ_AHEAD_FILES = 256
_MAX_QUEUED = 1024
_GUESS_BYTES = 2048


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    path: str = ""  # the name the file's findings carry
    # What the reader said about the file, without its name (put in front when reported)
    file_notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FileTask:
    """One input: ``path`` picks the reader (and is read unless ``data`` is given), ``display``
    is the name findings carry (``-`` for standard input)."""

    path: str
    display: str
    data: bytes | None = None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lint_one(engine: Engine, task: FileTask, data: bytes | None) -> FileOutcome:
    """One file's outcome; raises ReadError."""
    consistency = ConsistencyCheck(engine) if engine.policy.enabled(CONFLICT_RULE) else None
    display = task.display if task.display != task.path else None
    linted = lint_document(engine, task.path, display, data, consistency)
    statements = consistency.statements() if consistency is not None else []
    return FileOutcome(
        linted.findings, linted.notices, statements, file_notices=linted.file_notices
    )


def _to_plain(outcome: FileOutcome) -> dict[str, Any]:
    """The outcome as JSON-ready dicts, without the file's path (it is put back on load)."""
    findings = [finding.to_dict() for finding in outcome.findings]
    statements = [dataclasses.asdict(statement) for statement in outcome.statements]
    for item in findings:
        del item["path"]
    for item in statements:
        del item["location"]["path"]
    return {
        "findings": findings,
        "notices": outcome.notices,
        "file_notices": outcome.file_notices,
        "statements": statements,
    }


def _from_plain(plain: dict[str, Any], display: str) -> FileOutcome:
    return FileOutcome(
        findings=[Finding.from_dict({**item, "path": display}) for item in plain["findings"]],
        # A cache entry is shared by files with the same bytes: each notice names its own file
        notices=[
            *plain["notices"],
            *(f"{display}: {note}" for note in plain.get("file_notices", [])),
        ],
        statements=[
            Statement(**{**item, "location": Location(**{**item["location"], "path": display})})
            for item in plain.get("statements", [])
        ],
        path=display,
    )


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
        return _to_plain(lint_one(_worker_engine, task, data))
    except ReadError as exc:
        return str(exc)


def _read(task: FileTask) -> bytes | None:
    """The file's bytes for the cache key; None when they cannot be read here (linting it
    then reports why, in the same words as without a cache)."""
    if task.data is not None:
        return task.data
    try:
        with open(task.path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


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


class _Worker:
    """One worker process, the language it was last given, and its files in flight."""

    def __init__(self, context: Any, config: Config, ruleset: Ruleset) -> None:
        # The engine's makings go as the pool's first task, not as its initializer's arguments:
        # those are written to the new process while it starts (0.5 MB, about a second), and a
        # Ctrl-C in all that time would be lost. One process per pool runs tasks in order.
        self.pool = _ignoring_interrupts(lambda: context.Pool(1))
        self.pool.apply_async(_start_worker, (config, ruleset, compiled_state.settings()))
        self.language: str | None = None
        self.in_flight: deque[Any] = deque()  # AsyncResults, oldest first

    def has_room(self) -> bool:
        while self.in_flight and self.in_flight[0].ready():
            self.in_flight.popleft()
        return len(self.in_flight) < _IN_FLIGHT_PER_WORKER


class _Runner:
    """Lints the files that missed the cache, in this process or in worker processes started
    on demand. Files for the workers wait in one backlog per (guessed) language, and a worker
    keeps to the language it has loaded while files in it wait."""

    def __init__(self, engine: Engine, config: Config, cache: Cache | None, jobs: int | None):
        self.engine, self.config, self.cache = engine, config, cache
        # More processes than CPUs only compete for them (4 jobs on 2 CPUs ran 2x slower).
        self.jobs = default_jobs() if jobs is None else max(1, min(jobs, default_jobs()))
        self.threshold = PARALLEL_BYTES if jobs is None else 1
        self.workers: list[_Worker] = []
        self.backlog: dict[str | None, deque[_Entry]] = {}

    def start(self, waiting_bytes: int) -> bool:
        """Whether held-back files can go now: to the workers (started once there is enough
        text), or here when there is only one job."""
        if self.jobs == 1 or self.workers:
            return True
        if waiting_bytes < self.threshold:
            return False
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.workers = [
            _Worker(context, self.config, self.engine.ruleset) for _ in range(self.jobs)
        ]
        return True

    def submit(self, entry: _Entry) -> None:
        """Lint the entry here, or queue it for the workers."""
        assert isinstance(entry.item, FileTask)
        if not self.workers:
            try:
                entry.pending = _to_plain(lint_one(self.engine, entry.item, entry.data))
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

    def wait(self, head: _Entry) -> None:
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
        return _from_plain(plain, task.display)

    def close(self) -> None:
        # Every result is in (or the run is over): stopping the workers outright saves waiting
        # ~0.5 s for them to free their pipelines on a normal exit. They hold nothing unsaved.
        for worker in self.workers:
            worker.pool.terminate()
        for worker in self.workers:
            worker.pool.join()


def _cached(cache: Cache | None, key: str | None, display: str) -> FileOutcome | None:
    plain = cache.get(key) if cache is not None and key is not None else None
    try:
        return _from_plain(plain, display) if plain is not None else None
    except (KeyError, TypeError, ValueError, AttributeError):  # a corrupt entry: lint again
        return None


@dataclass
class _Entry:
    item: FileTask | InputError
    key: str | None = None
    data: bytes | None = None  # held until the file is linted
    pending: Any = None  # an outcome, a plain dict or str, an AsyncResult; None: not yet sent

    def ready(self) -> bool:
        if self.pending is None:
            return False
        done = getattr(self.pending, "ready", None)
        return done is None or done()


def lint_many(
    engine: Engine,
    config: Config,
    items: Iterable[FileTask | InputError],
    cache: Cache | None = None,
    jobs: int | None = 1,
) -> Iterator[FileOutcome | InputError]:
    """The outcome (or error) of each item, in input order. ``jobs``: processes to lint in
    (1: this one; None: one per CPU once there is enough text to make it worth it)."""
    runner = _Runner(engine, config, cache, jobs)
    queue: deque[_Entry] = deque()  # input order
    held: list[_Entry] = []
    held_bytes = 0

    def finish(entry: _Entry) -> FileOutcome | InputError:
        if isinstance(entry.item, InputError):
            return entry.item
        if isinstance(entry.pending, FileOutcome):
            return entry.pending
        return runner.result(entry.item, entry.key, entry.pending)

    primed = False  # whether files go to the workers yet
    all_read = False

    def finished() -> Iterator[FileOutcome | InputError]:
        nonlocal primed
        # The workers take seconds to start: files wait until the read-ahead is full, so that
        # each worker can begin with a language of its own rather than all with the first.
        primed = (
            primed
            or all_read
            or (runner.waiting() >= _READ_AHEAD_FILES or len(queue) > _MAX_QUEUED)
        )
        if primed:
            runner.feed()
        while queue and queue[0].ready():
            yield finish(queue.popleft())

    try:
        for item in items:
            entry = _Entry(item)
            queue.append(entry)
            if isinstance(item, InputError):
                entry.pending = item
            else:
                data = _read(item)
                entry.key = cache.key(item.path, data) if cache and data is not None else None
                entry.pending = _cached(cache, entry.key, item.display)
                if entry.pending is None:
                    entry.data = data
                    held.append(entry)
                    held_bytes += len(data or b"")
            # A file goes to one process, whichever: a lone file (however large) is linted here,
            # where the rules are loaded already, not in a worker that has to load them again.
            lone = len(held) == 1 and not runner.workers and runner.jobs > 1
            if held and not lone and runner.start(held_bytes):
                for waiting in held:
                    runner.submit(waiting)
                held.clear()
            yield from finished()
            # Read ahead only so far: files wait in memory until they are linted and yielded.
            while (
                runner.workers
                and queue
                and (runner.waiting() >= _READ_AHEAD_FILES or len(queue) > _MAX_QUEUED)
            ):
                runner.wait(queue[0])
                yield from finished()
        for waiting in held:  # too little text for the workers: lint it here
            runner.submit(waiting)
        all_read = True
        while queue:
            yield from finished()
            if queue:
                runner.wait(queue[0])
    finally:
        runner.close()
