"""Which files to lint: given files as they are, folders walked for supported extensions,
excluded paths and anything that is not a regular file left out (with a notice)."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath

from promiselint.config import DEFAULT_EXCLUDES
from promiselint.documents import is_supported
from promiselint.findings import InputError

STDIN = "-"


def excluded(path: PurePath, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(path.name, pattern)
        for pattern in patterns
    )


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it exists but is no regular file (opening a named pipe waits for a
    writer forever; a device may never end), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or a broken link: reading it reports why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def collect_files(
    paths: list[str], exclude: tuple[str, ...] = (), skipped: list[str] | None = None
) -> Iterator[str | InputError]:
    """Files to lint, in a stable order: given files as they are, directories walked for supported
    extensions (skipping DEFAULT_EXCLUDES and the config's globs); problems as InputErrors.
    Only regular files are read: others (named pipes, devices) go to ``skipped`` as notices."""
    skipped = skipped if skipped is not None else []
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, exclude, skipped)
        elif path.exists() or path.is_symlink():
            if excluded(path, exclude):
                continue
            kind = _not_regular(path)
            if kind:
                skipped.append(f"{given}: skipped: {kind}, not a regular file")
            else:
                yield given
        else:
            yield InputError(given, "cannot read: no such file or directory")


def _walk(root: Path, exclude: tuple[str, ...], skipped: list[str]) -> Iterator[str | InputError]:
    # A folder that cannot be listed is reported and skipped; the rest of the tree is still walked
    problems: list[OSError] = []
    entries = sorted(os.walk(root, onerror=problems.append))
    for problem in problems:
        folder = str(problem.filename or root)
        if not _skipped_folder(root, Path(folder), exclude):
            yield InputError(folder, f"cannot read: {problem.strerror or problem}")
    for folder, _dirs, files in entries:
        folder_path = Path(folder)
        if _skipped_folder(root, folder_path, exclude):
            continue
        if not os.access(folder, os.R_OK | os.X_OK):
            yield InputError(folder, "cannot read: permission denied")
            continue
        for name in sorted(files):
            path = folder_path / name
            if is_supported(path) and not excluded(path, exclude):
                kind = _not_regular(path)
                if kind:
                    skipped.append(f"{path}: skipped: {kind}, not a regular file")
                else:
                    yield str(path)


def _skipped_folder(root: Path, folder: Path, exclude: tuple[str, ...]) -> bool:
    if any(part in DEFAULT_EXCLUDES for part in folder.relative_to(root).parts):
        return True
    return folder != root and excluded(folder, exclude)
