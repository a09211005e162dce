"""`promiselint server` (the language server) and `promiselint cache` (maintenance)."""

from __future__ import annotations

from pathlib import Path

import click

from promiselint.cli.app import (
    main,
)


@main.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input/output (the only transport).")
def server(stdio: bool) -> None:
    """Language server (LSP) for editors: diagnostics, hover and quick fixes as you write."""
    from promiselint.lsp import serve

    serve()


# --- cache maintenance (`promiselint cache clear`, `promiselint cache info`) ---------------------

_CACHE_DIR_OPTION = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    help="Cache folder. [default: $XDG_CACHE_HOME/promiselint, ~/.cache/promiselint]",
)


@main.group(name="cache")
def cache_group() -> None:
    """Where the cache of findings lives, how big it is, and clearing it."""


@cache_group.command(name="clear")
@_CACHE_DIR_OPTION
def cache_clear(cache_dir: Path | None) -> None:
    """Delete every cached finding and ruleset (the next run lints every file again)."""
    from promiselint.cache import clear_cache, default_cache_dir

    folder = cache_dir or default_cache_dir()
    entries, size = clear_cache(folder)
    click.echo(
        f"promiselint: removed {entries} cache entries ({size / 2**20:.1f} MiB) from {folder}"
    )


@cache_group.command(name="info")
@_CACHE_DIR_OPTION
def cache_info(cache_dir: Path | None) -> None:
    """The cache's folder, size and limits."""
    from promiselint.cache import MAX_AGE_DAYS, MAX_BYTES, cache_usage, default_cache_dir

    folder = cache_dir or default_cache_dir()
    entries, size = cache_usage(folder)
    click.echo(f"folder: {folder}")
    click.echo(f"entries: {entries} ({size / 2**20:.1f} MiB)")
    click.echo(
        f"limits: {MAX_BYTES // 2**20} MiB; entries unused for {MAX_AGE_DAYS} days "
        "are deleted after a run that adds entries"
    )
