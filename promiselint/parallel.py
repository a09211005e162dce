"""Linting many files: the cache first, then this process or a pool of worker processes.

Each file's outcome (findings, the notices its languages raised, its numeric statements for the
cross-file consistency check) is computed by ``lint_one``, in this process or in a worker, and
travels as plain dicts. Workers are started with "spawn" (safe on every platform and with any
thread), each builds its own engine and pipelines once, and results come back in input order,
so the output is the same with any number of jobs.

Files are read one at a time and at most a few per worker wait in flight, so memory does not
grow with the number of files. A pool is only worth its start-up (a new interpreter per worker)
when there is enough text to lint: with the default job count, work is held back until the files
waiting to be linted hold ``PARALLEL_BYTES``, and stays in this process if they never do.
"""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from promiselint.cache import Cache
from promiselint.config import Config
from promiselint.consistency import CONFLICT_RULE, ConsistencyCheck, Statement
from promiselint.engine import Engine
from promiselint.errors import ReadError
from promiselint.findings import Finding, InputError, Location
from promiselint.ruleset.model import Ruleset

# Measured on 2 cores (benchmarks/README.md): 40 English Markdown files (320 KB) still ran
# slower with 2 workers than with one, 1M words (6.5 MB) ran 1.74x faster. Each worker builds
# its own pipelines (seconds per language), so the pool needs a lot of text to pay off.
PARALLEL_BYTES = 1024 * 1024
_IN_FLIGHT_PER_WORKER = 4


@dataclass
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)


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
    from promiselint.api import lint_file

    consistency = ConsistencyCheck(engine) if engine.policy.enabled(CONFLICT_RULE) else None
    display = task.display if task.display != task.path else None
    findings = lint_file(engine, task.path, display, data, consistency)
    statements = consistency.statements() if consistency is not None else []
    return FileOutcome(findings, engine.document_notices(), statements)


def _to_plain(outcome: FileOutcome) -> dict[str, Any]:
    """The outcome as JSON-ready dicts, without the file's path (it is put back on load)."""
    findings = [finding.to_dict() for finding in outcome.findings]
    statements = [dataclasses.asdict(statement) for statement in outcome.statements]
    for item in findings:
        del item["path"]
    for item in statements:
        del item["location"]["path"]
    return {"findings": findings, "notices": outcome.notices, "statements": statements}


def _from_plain(plain: dict[str, Any], display: str) -> FileOutcome:
    return FileOutcome(
        findings=[Finding.from_dict({**item, "path": display}) for item in plain["findings"]],
        notices=list(plain["notices"]),
        statements=[
            Statement(**{**item, "location": Location(**{**item["location"], "path": display})})
            for item in plain.get("statements", [])
        ],
    )


# One engine per worker process, built by the pool's initializer.
_worker_engine: Engine | None = None


def _start_worker(config: Config, ruleset: Ruleset) -> None:
    global _worker_engine
    from promiselint.api import make_engine

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


class _Runner:
    """Lints the files that missed the cache, in this process or in a pool started on demand."""

    def __init__(self, engine: Engine, config: Config, cache: Cache | None, jobs: int | None):
        self.engine, self.config, self.cache = engine, config, cache
        self.workers = default_jobs() if jobs is None else max(1, jobs)
        self.threshold = PARALLEL_BYTES if jobs is None else 1
        self.pool: Any = None

    def start(self, waiting_bytes: int) -> bool:
        """Whether held-back files can go now: to the pool (started once there is enough
        text), or here when there is only one job."""
        if self.workers == 1 or self.pool is not None:
            return True
        if waiting_bytes < self.threshold:
            return False
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(self.workers, _start_worker, (self.config, self.engine.ruleset))
        return True

    def dispatch(self, task: FileTask, data: bytes | None) -> Any:
        """An outcome (linted here) or an AsyncResult (linted by a worker)."""
        if self.pool is not None:
            return self.pool.apply_async(_work, (task, data))
        try:
            return _to_plain(lint_one(self.engine, task, data))
        except ReadError as exc:
            return str(exc)

    def result(self, task: FileTask, key: str | None, pending: Any) -> FileOutcome | InputError:
        """The outcome of a dispatched file, stored in the cache."""
        plain = pending if isinstance(pending, dict | str) else pending.get()
        if isinstance(plain, str):
            return InputError(task.display, f"cannot read: {plain}")
        if key is not None and self.cache is not None:
            self.cache.put(key, plain)
        return _from_plain(plain, task.display)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


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
    data: bytes | None = None  # held until the file is dispatched
    pending: Any = None  # an outcome, a plain dict or str, an AsyncResult; None: held back

    def ready(self, in_flight_limit: int, queued: int) -> bool:
        if self.pending is None:
            return False
        wait = getattr(self.pending, "ready", None)
        return wait is None or wait() or queued > in_flight_limit


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
    limit = runner.workers * _IN_FLIGHT_PER_WORKER

    def finish(entry: _Entry) -> FileOutcome | InputError:
        if isinstance(entry.item, InputError):
            return entry.item
        if isinstance(entry.pending, FileOutcome):
            return entry.pending
        return runner.result(entry.item, entry.key, entry.pending)

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
            if held and runner.start(held_bytes):
                for waiting in held:
                    waiting.pending = runner.dispatch(waiting.item, waiting.data)
                    waiting.data = None
                held.clear()
            while queue and queue[0].ready(limit, len(queue)):
                yield finish(queue.popleft())
        for waiting in held:  # too little text for a pool: lint it here
            waiting.pending = runner.dispatch(waiting.item, waiting.data)
        while queue:
            yield finish(queue.popleft())
    finally:
        runner.close()
