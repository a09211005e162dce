"""The cache stays bounded (age and size), can be cleared, and tests never use the user's own."""

from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner

from promiselint.cache import MAX_BYTES, cache_usage, default_cache_dir, prune
from promiselint.cli import main

PROMISE = "Results guaranteed.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def entry(root: Path, name: str, size: int, age_days: float, layout: str = "v1") -> Path:
    path = root / layout / "files" / name[:2] / name[2:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    when = time.time() - age_days * 86400
    os.utime(path, (when, when))
    return path


def test_tests_never_write_to_the_users_cache(tmp_path: Path) -> None:
    home_cache = Path(os.path.expanduser("~")) / ".cache" / "promiselint"
    assert not default_cache_dir().is_relative_to(home_cache)
    page = tmp_path / "page.md"
    page.write_text(PROMISE, encoding="utf-8")
    assert run("check", "--lang", "en", str(page))[0] == 1
    assert cache_usage(default_cache_dir())[0] >= 1


def test_old_entries_go_then_the_least_recently_used_until_under_the_cap(tmp_path: Path) -> None:
    stale = entry(tmp_path, "aa01", 10, age_days=40)
    oldest = entry(tmp_path, "bb01", 400, age_days=3)
    older = entry(tmp_path, "cc01", 400, age_days=2)
    newest = entry(tmp_path, "dd01", 400, age_days=0)
    old_layout = entry(tmp_path, "ee01", 10, age_days=0, layout="v0")
    removed = prune(tmp_path, max_bytes=500, max_age_days=30)
    assert removed == 3
    assert [p.exists() for p in (stale, oldest, older, newest)] == [False, False, False, True]
    assert not old_layout.parent.parent.parent.exists()


def test_a_cache_hit_counts_as_a_use(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PROMISE, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    run("check", "--lang", "en", "--cache-dir", str(cache_dir), str(page))
    (stored,) = (cache_dir / "v1" / "files").rglob("*/*")
    long_ago = time.time() - 60 * 86400
    os.utime(stored, (long_ago, long_ago))
    run("check", "--lang", "en", "--cache-dir", str(cache_dir), str(page))  # a hit
    assert stored.stat().st_mtime > long_ago + 86400
    # The next run that writes entries prunes: the used entry stays, an unused one goes.
    unused = entry(cache_dir, "ff01", 10, age_days=60)
    other = tmp_path / "other.md"
    other.write_text("Support replies within 2 hours.\n", encoding="utf-8")
    run("check", "--lang", "en", "--cache-dir", str(cache_dir), str(other))
    assert stored.exists()
    assert not unused.exists()
    assert MAX_BYTES >= 64 * 2**20


def test_cache_clear_removes_only_what_promiselint_wrote(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PROMISE, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    run("check", "--lang", "en", "--cache-dir", str(cache_dir), str(page))
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    entries, _ = cache_usage(cache_dir)
    assert entries >= 2  # the file's findings and the ruleset
    mine = cache_dir / "notes.txt"
    mine.write_text("not promiselint's", encoding="utf-8")

    code, out, _ = run("cache", "info", "--cache-dir", str(cache_dir))
    assert code == 0 and f"folder: {cache_dir}" in out and f"entries: {entries} " in out
    code, out, _ = run("cache", "clear", "--cache-dir", str(cache_dir))
    assert code == 0 and f"removed {entries} cache entries" in out
    assert cache_usage(cache_dir) == (0, 0)
    assert sorted(p.name for p in cache_dir.iterdir()) == ["notes.txt"]
    mine.unlink()
    run("cache", "clear", "--cache-dir", str(cache_dir))
    assert not cache_dir.exists()
