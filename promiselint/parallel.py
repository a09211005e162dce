"""Linting many files: the cache first, then this process or a pool of worker processes.

Each file's outcome (outcome.py) is computed by ``lint_one``, in this process or in a worker
(pool.py), and travels as plain dicts. Workers are started with "spawn" (safe on every platform
and with any thread), each builds its own engine and pipelines once, and results come back in
input order, so the output is the same with any number of jobs.

Files are read one at a time; at most ``_READ_AHEAD_FILES`` wait for a worker and a few per
worker are in flight, so memory does not grow with the number of files. Waiting files queue by
their guessed language and each worker keeps to the language it has loaded (building a
language's pipeline takes seconds). Workers are only worth their start-up (a new interpreter
each) when there is enough text to lint: with the default job count, work is held back until
the files waiting to be linted hold ``PARALLEL_BYTES``, and stays in this process if they never
do.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from promiselint.cache import Cache
from promiselint.config import Config
from promiselint.engine import Engine
from promiselint.findings import InputError
from promiselint.outcome import FileOutcome, FileTask, from_plain, lint_one
from promiselint.pool import Entry, Runner, default_jobs

__all__ = ["FileOutcome", "FileTask", "default_jobs", "lint_many", "lint_one"]

# Each worker builds a language's pipeline the first time it meets it, which takes seconds for
# some (spaCy's French tokenizer exceptions alone take ~4 s to import): reading ahead lets
# files in the same language go to the same worker. Memory stays bounded by these.
_READ_AHEAD_FILES = 256
_MAX_QUEUED = 1024


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


def _cached(cache: Cache | None, key: str | None, display: str) -> FileOutcome | None:
    plain = cache.get(key) if cache is not None and key is not None else None
    try:
        return from_plain(plain, display) if plain is not None else None
    except (KeyError, TypeError, ValueError, AttributeError):  # a corrupt entry: lint again
        return None


class _Run:
    """One ``lint_many`` call's state: the entries in input order, the files held back until
    there is enough text for the workers, and whether files go to the workers yet."""

    def __init__(self, runner: Runner, cache: Cache | None) -> None:
        self.runner, self.cache = runner, cache
        self.queue: deque[Entry] = deque()  # input order
        self.held: list[Entry] = []
        self.held_bytes = 0
        self.primed = False  # whether files go to the workers yet
        self.all_read = False

    def add(self, item: FileTask | InputError) -> None:
        entry = Entry(item)
        self.queue.append(entry)
        if isinstance(item, InputError):
            entry.pending = item
        else:
            data = _read(item)
            cache = self.cache
            entry.key = cache.key(item.path, data) if cache and data is not None else None
            entry.pending = _cached(cache, entry.key, item.display)
            if entry.pending is None:
                entry.data = data
                self.held.append(entry)
                self.held_bytes += len(data or b"")
        runner = self.runner
        # A file goes to one process, whichever: a lone file (however large) is linted here,
        # where the rules are loaded already, not in a worker that has to load them again.
        lone = len(self.held) == 1 and not runner.workers and runner.jobs > 1
        if self.held and not lone and runner.start(self.held_bytes):
            self.submit_held()

    def submit_held(self) -> None:
        for waiting in self.held:
            self.runner.submit(waiting)
        self.held.clear()

    def reading_ahead_too_far(self) -> bool:
        return bool(self.runner.workers and self.queue) and self._read_ahead_full()

    def _read_ahead_full(self) -> bool:
        return self.runner.waiting() >= _READ_AHEAD_FILES or len(self.queue) > _MAX_QUEUED

    def finished(self) -> Iterator[FileOutcome | InputError]:
        """The outcomes ready at the head of the queue, in input order."""
        # The workers take seconds to start: files wait until the read-ahead is full, so that
        # each worker can begin with a language of its own rather than all with the first.
        self.primed = self.primed or self.all_read or self._read_ahead_full()
        if self.primed:
            self.runner.feed()
        while self.queue and self.queue[0].ready():
            yield self._outcome(self.queue.popleft())

    def _outcome(self, entry: Entry) -> FileOutcome | InputError:
        if isinstance(entry.item, InputError):
            return entry.item
        if isinstance(entry.pending, FileOutcome):
            return entry.pending
        return self.runner.result(entry.item, entry.key, entry.pending)


def lint_many(
    engine: Engine,
    config: Config,
    items: Iterable[FileTask | InputError],
    cache: Cache | None = None,
    jobs: int | None = 1,
) -> Iterator[FileOutcome | InputError]:
    """The outcome (or error) of each item, in input order. ``jobs``: processes to lint in
    (1: this one; None: one per CPU once there is enough text to make it worth it)."""
    runner = Runner(engine, config, cache, jobs)
    run = _Run(runner, cache)
    try:
        for item in items:
            run.add(item)
            yield from run.finished()
            # Read ahead only so far: files wait in memory until they are linted and yielded.
            while run.reading_ahead_too_far():
                runner.wait(run.queue[0])
                yield from run.finished()
        run.submit_held()  # too little text for the workers: lint it here
        run.all_read = True
        while run.queue:
            yield from run.finished()
            if run.queue:
                runner.wait(run.queue[0])
    finally:
        runner.close()
