"""Where one run's time goes, stage by stage, for benchmarks/bench_startup.py.

With PROMISELINT_PROFILE=1 in the environment, the wall and CPU time of each stage are printed
to standard error when the process exits, one "promiselint-profile: <stage> <wall s> <cpu s>"
line each, then the process's total CPU time (every thread's). Stages nest, and the time of an
inner stage (spaCy's import during linting) counts for the inner one only, so the figures add
up. Without the variable, ``stage`` is one shared no-op and ``timed`` hands the iterator back
unchanged: nothing is measured.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

ENABLED = os.environ.get("PROMISELINT_PROFILE") == "1"
PREFIX = "promiselint-profile:"
_Item = TypeVar("_Item")
_wall: dict[str, float] = {}
_cpu: dict[str, float] = {}
_open: list[str] = []  # the stages entered, innermost last
_last = (0.0, 0.0)  # (wall, cpu) when the time was last charged


def _charge() -> None:
    """Charge the time since the last charge to the innermost open stage."""
    global _last
    now = (time.perf_counter(), time.process_time())
    if _open:
        name = _open[-1]
        _wall[name] = _wall.get(name, 0.0) + now[0] - _last[0]
        _cpu[name] = _cpu.get(name, 0.0) + now[1] - _last[1]
    _last = now


class _Stage:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        _charge()
        _open.append(self.name)

    def __exit__(self, *_exc: object) -> None:
        _charge()
        _open.pop()


_OFF = contextlib.nullcontext()


def stage(name: str) -> contextlib.AbstractContextManager[None]:
    """Time the block as stage ``name`` (when profiling). Stages are the main thread's: work on
    another thread (the detection model unpacked meanwhile) is CPU time of whatever stage the
    main thread is in, and must not open or close its stages."""
    if ENABLED and threading.current_thread() is threading.main_thread():
        return _Stage(name)
    return _OFF


def timed(name: str, items: Iterable[_Item]) -> Iterable[_Item]:
    """``items``, the time spent producing each one charged to stage ``name`` (when profiling):
    for generators such as a reader's segments, which run interleaved with their consumer."""
    return _timed(name, iter(items)) if ENABLED else items


def _timed(name: str, iterator: Iterator[_Item]) -> Iterator[_Item]:
    while True:
        with _Stage(name):
            item = next(iterator, _OFF)
        if item is _OFF:
            return
        yield item  # type: ignore[misc]


def _report() -> None:
    for name, wall in _wall.items():
        print(f"{PREFIX} {name} {wall:.4f} {_cpu[name]:.4f}", file=sys.stderr)
    print(f"{PREFIX} process-cpu {time.process_time():.4f}", file=sys.stderr)


if ENABLED:
    atexit.register(_report)
