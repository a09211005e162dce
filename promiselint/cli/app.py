"""The command line's group and what its commands share: loading the config and rules, the
common input options, writing output, exit codes (0 nothing at or above --fail-on; 1 findings;
2 usage error, bad config or rules, or an unreadable input; 130 interrupted)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from promiselint import __version__
from promiselint.findings import Severity

if TYPE_CHECKING:
    from collections.abc import Callable

    from promiselint.findings import LintResult
    from promiselint.ruleset.model import Ruleset

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130
_SEVERITIES = click.Choice([s.name for s in Severity])
_FACTS_HELP = "Product facts file (features, approved claims, service levels); overrides `facts:`."


def _fail(message: str) -> NoReturn:
    click.echo(f"promiselint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _load_config(config_path: Path | None, paths: list[str]):
    from promiselint.config import Config, discover_config, load_config

    if config_path is not None:
        return load_config(config_path)
    real = [Path(p) for p in paths if p != "-"]
    start = Path(_common_parent(real)) if real else Path.cwd()
    found = discover_config(start)
    return load_config(found) if found else Config()


def _load_rules(config_path: Path | None) -> Ruleset:
    """The rules, through the cache: validating patterns imports spaCy, `rules` need not."""
    from promiselint.api import load_rules, open_cache

    config = _load_config(config_path, [])
    return load_rules(config, open_cache(config))


def _common_parent(paths: list[Path]) -> str:
    import os

    try:
        return os.path.commonpath([str(p.resolve()) for p in paths])
    except ValueError:  # different drives
        return str(Path.cwd())


def _input_options(command: Callable) -> Callable:
    """The options `check` and `report` share: where the config, facts and language come from."""
    for option in reversed(
        (
            click.option(
                "--lang",
                help="Language of all input (en, it, ru, ar...); default: detect per paragraph.",
            ),
            click.option(
                "--config",
                "config_path",
                type=click.Path(path_type=Path),
                help="Config file; default: the nearest .promiselint.yaml or pyproject.toml.",
            ),
            click.option("--facts", type=click.Path(path_type=Path), help=_FACTS_HELP),
        )
    ):
        command = option(command)
    return command


def _write(path: Path | None, text: str) -> None:
    """``text`` to ``path``, or to standard output without one."""
    if path is None:
        click.echo(text, nl=False)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{path}: cannot write: {exc.strerror or exc}")


def _echo_problems(result: LintResult) -> None:
    """Unreadable inputs and notices, on standard error (standard output holds the report)."""
    for error in result.errors:
        click.echo(f"{error.path}: {error.message}", err=True)
    for notice in result.notices:
        click.echo(f"promiselint: notice: {notice}", err=True)


def _check_language(lang: str | None, ruleset: Ruleset) -> None:
    """An explicit --lang without rules would check nothing: a usage error, not a silent pass.
    Only that language's rules are loaded, unless it has none."""
    if lang and not (lang in ruleset.languages and ruleset.languages[lang].rules):
        with_rules = sorted(code for code, language in ruleset.languages.items() if language.rules)
        _fail(
            f"--lang {lang}: no rules for this language (rules exist for: {', '.join(with_rules)})"
        )


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


class _InterruptibleGroup(click.Group):
    """Ctrl-C exits 130 (128 + SIGINT, as shells report it) with one line, not click's
    "Aborted!" and exit 1, which is the code for findings. Worker processes ignore SIGINT and
    are stopped by the parent on the way out (parallel.py)."""

    def invoke(self, ctx: click.Context) -> None:
        try:
            super().invoke(ctx)
        except KeyboardInterrupt:
            import signal

            # The workers are stopped already; a second Ctrl-C must not break the exit.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            click.echo("promiselint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)

    def main(self, args: Any = None, *rest: Any, **options: Any) -> Any:
        # Only the program itself takes its arguments from sys.argv (click's test runner and
        # other callers pass them): it alone may skip the interpreter's teardown (_finish).
        global _PROGRAM
        _PROGRAM = args is None
        return super().main(args, *rest, **options)


# --- issue 18: a finished `check` skips the interpreter's teardown --------------------------------

_PROGRAM = False  # set when the real program runs (not a caller in the same process)


def _finish(code: int) -> NoReturn:
    """Exit with ``code``. The program itself flushes its output, runs the exit handlers and
    leaves without the interpreter's teardown, which frees every object one by one: 0.1-0.2 s
    with spaCy loaded, for nothing. Anywhere else, SystemExit as usual."""
    if _PROGRAM:
        import atexit
        import contextlib
        import os

        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # as at a normal exit: ignored
                stream.flush()
        atexit._run_exitfuncs()
        os._exit(code)
    sys.exit(code)


@click.group(cls=_InterruptibleGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="promiselint")
def main() -> None:
    """Catch the promises in marketing and proposal copy that a company cannot keep."""
    # numpy's OpenBLAS starts a thread per core when it is imported (0.05-0.1 s of CPU, half
    # the cost of importing numpy), for nothing: the only matrix product here is the language
    # detector's, over a few hundred numbers. Set before spaCy or the detector imports numpy.
    import os

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
