"""The content cache: an unchanged file under unchanged rules and config is not linted again.

An entry is keyed by the file's bytes and extension plus a fingerprint of everything else that
decides its findings: promiselint's code, the rule files, the config (with the content of every
file it names, such as the facts registry) and which trained pipelines are installed. It holds
the file's findings as plain dicts (its path left out, so a copied file shares the entry), the
notices its languages raised (so a cache hit still says "no rules for pt"), and its numeric
statements, which the cross-file consistency check compares after every file is done. Read
errors are not cached: they are cheap to find again and often transient (a permission, a file
being written).

Entries are written to a temporary file and renamed into place, so concurrent runs never see a
half-written entry; an entry that cannot be read or parsed is ignored and rewritten. Nothing here
imports spaCy: a run where every file hits the cache never loads it.

The cache stays small on its own: after a run that wrote entries, entries unused for MAX_AGE_DAYS
are deleted, then the least recently used ones until the cache is under MAX_BYTES (an entry's
modification time is its last use: a hit touches it). Folders of older layouts go at once.
`promiselint cache clear` deletes everything; the folder holds a CACHEDIR.TAG, so backup tools
skip it and `clear` deletes only what promiselint wrote.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from promiselint import __version__
from promiselint.clock import today
from promiselint.config import Config
from promiselint.plain import from_plain, to_plain

_PACKAGE = Path(__file__).resolve().parent
_LAYOUT = "v1"  # bump when the entry format changes
_LAYOUTS = re.compile(r"v\d+")
MAX_BYTES = 256 * 1024 * 1024
MAX_AGE_DAYS = 30
_TAG = "CACHEDIR.TAG"
# https://bford.info/cachedir/: the first line is fixed by the spec.
_TAG_TEXT = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# promiselint's cache; `promiselint cache clear` deletes it.\n"
)


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/promiselint, else ~/.cache/promiselint."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "promiselint"


def _code_fingerprint() -> str:
    """The version plus the size and mtime of every module: an edited checkout (an editable
    install) must not reuse findings its old code produced."""
    parts = [__version__]
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in {".py", ".json", ".yaml"} and "__pycache__" not in path.parts:
            stat = path.stat()
            parts.append(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


REGISTRY_PART = ""  # what lies beside the language folders (registry.yaml): its own part


def rule_digests(directories: list[Path]) -> dict[str, str]:
    """A digest of each part of the rule folders: every language's files (part: its folder's
    name) and the files beside them (REGISTRY_PART), by path and bytes."""
    parts: dict[str, Any] = {}
    for directory in directories:
        if directory.is_dir():
            for path in sorted(directory.rglob("*.y*ml")):
                relative = path.relative_to(directory)
                part = relative.parts[0] if len(relative.parts) > 1 else REGISTRY_PART
                digest = parts.setdefault(part, hashlib.sha256())
                digest.update(f"{directory}:{relative}:{_file_digest(path)}\n".encode())
    return {part: digest.hexdigest() for part, digest in sorted(parts.items())}


def _config_fingerprint(config: Config) -> str:
    """The config's settings, with the content of each file it names (its own location aside:
    two folders with the same settings share entries)."""
    parts = []
    for item in dataclasses.fields(config):
        if item.name == "source":
            continue
        value = getattr(config, item.name)
        parts.append(f"{item.name}={value!r}")
        if isinstance(value, Path) and value.is_file():
            parts.append(_file_digest(value))
    # A trained pipeline named in the config changes the findings once it is installed.
    for _, package in config.pipelines:
        parts.append(f"{package}:{importlib.util.find_spec(package) is not None}")
    # A dated promise in a document without a date of its own turns into history when its day
    # is over (promiselint/context.py).
    parts.append(f"today={today().isoformat()}")
    return "\n".join(parts)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place; a cache that cannot
    be written (read-only home, full disk) only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def _entry_files(root: Path) -> list[tuple[Path, os.stat_result]]:
    """Every file promiselint wrote under ``root`` (each layout's folder), with its stat."""
    found = []
    for layout in _layout_dirs(root):
        for folder, _dirs, names in os.walk(layout):
            for name in names:
                path = Path(folder) / name
                try:
                    found.append((path, path.stat()))
                except OSError:  # removed meanwhile by a concurrent run
                    continue
    return found


def _layout_dirs(root: Path) -> list[Path]:
    try:
        return [path for path in root.iterdir() if path.is_dir() and _LAYOUTS.fullmatch(path.name)]
    except OSError:
        return []


def cache_usage(root: Path) -> tuple[int, int]:
    """(entries, bytes) in the cache folder ``root``."""
    files = _entry_files(root)
    return len(files), sum(stat.st_size for _, stat in files)


def clear_cache(root: Path) -> tuple[int, int]:
    """Delete what promiselint wrote under ``root`` (nothing else); (entries, bytes) it held."""
    usage = cache_usage(root)
    for layout in _layout_dirs(root):
        shutil.rmtree(layout, ignore_errors=True)
    with contextlib.suppress(OSError):
        (root / _TAG).unlink(missing_ok=True)
        root.rmdir()  # only when nothing else is left in it
    return usage


def prune(root: Path, max_bytes: int = MAX_BYTES, max_age_days: float = MAX_AGE_DAYS) -> int:
    """Delete entries unused for ``max_age_days``, then the least recently used until the cache
    is under ``max_bytes``, and older layouts' folders; returns how many entries went."""
    for layout in _layout_dirs(root):
        if layout.name != _LAYOUT:
            shutil.rmtree(layout, ignore_errors=True)
    files = sorted(_entry_files(root), key=lambda item: item[1].st_mtime)
    total = sum(stat.st_size for _, stat in files)
    oldest_kept = time.time() - max_age_days * 86400
    removed = 0
    for path, stat in files:
        if stat.st_mtime >= oldest_kept and total <= max_bytes:
            break
        with contextlib.suppress(OSError):  # a concurrent run may have removed it
            path.unlink()
            removed += 1
        total -= stat.st_size
    return removed


class Cache:
    """Findings by file content under one run's rules and config, plus the loaded ruleset."""

    def __init__(self, directory: Path, config: Config, rule_dirs: list[Path]) -> None:
        self.root = directory
        self.written = False  # whether this run added entries (then it prunes the cache)
        self.directory = directory / _LAYOUT
        self.code = _code_fingerprint()  # also keys compiled state (compiled_state.py)
        # The folders' names key every rule entry too: a loaded rule keeps its file's path.
        self._rule_dirs = "\n".join(str(directory) for directory in rule_dirs)
        self._rule_parts = rule_digests(rule_dirs)
        rules = json.dumps([self._rule_dirs, self._rule_parts])
        run = hashlib.sha256()
        for part in (self.code, rules, _config_fingerprint(config)):
            run.update(part.encode())
            run.update(b"\0")
        self._run = run.hexdigest()

    def _entry(self, kind: str, key: str) -> Path:
        return self.directory / kind / key[:2] / key[2:]

    def rule_part(self, part: str, kind: Any, load: Callable[[], Any]) -> Any:
        """What ``load`` gives (a ``kind``) from one part of the current rule files: a language's
        rules (their entry is keyed by the registry's files too, whose declarations they
        carry) or the registry, REGISTRY_PART. Loaded and validated once per content, since
        validating token patterns imports spaCy, which a cache hit must not need; and only
        the parts a run needs. Kept as JSON read back by type hints (promiselint/plain.py),
        not pickled: a cache folder shared with others (a CI cache restored from another
        branch) must never run code. The key holds promiselint's code, so a changed loader or
        model reads nothing old."""
        parts = {REGISTRY_PART, part}
        digests = "\0".join(f"{name}={self._rule_parts.get(name, '')}" for name in sorted(parts))
        key = hashlib.sha256(f"{self.code}\0{self._rule_dirs}\0{digests}".encode()).hexdigest()
        path = self._entry("rules", key)
        try:
            return from_plain(kind, json.loads(path.read_bytes()))
        except Exception:  # missing, truncated or from another version: load the files again
            pass
        loaded = load()
        # A model field without a plain form only costs the cache (tests/test_startup.py fails).
        with contextlib.suppress(TypeError, ValueError):
            data = json.dumps(to_plain(loaded), ensure_ascii=False, separators=(",", ":"))
            write_atomically(path, data.encode("utf-8"))
        return loaded

    def key(self, name: str, data: bytes) -> str:
        """The entry key of a file named ``name`` (its extension picks the reader) with ``data``."""
        digest = hashlib.sha256(self._run.encode())
        digest.update(f"\0{Path(name).suffix.lower()}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> dict[str, list[Any]] | None:
        """A file's entry: its "findings", "notices" and "statements" as plain data."""
        path = self._entry("files", key)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except Exception:  # missing or corrupt: lint the file again
            return None
        fields = ("findings", "notices", "statements")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), list) for f in fields):
            return None
        with contextlib.suppress(OSError):  # used now: pruning keeps recently used entries
            os.utime(path)
        return entry

    def put(self, key: str, entry: dict[str, list[Any]]) -> None:
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        write_atomically(self._entry("files", key), data.encode("utf-8"))
        if not self.written:
            self.written = True
            tag = self.root / _TAG
            if not tag.exists():
                write_atomically(tag, _TAG_TEXT)
