"""The command line: thin wrappers that parse options, call the API and pick a formatter.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage error, bad config or rules, or
an input that could not be read (the other inputs are still linted and reported); 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from promiselint import __version__
from promiselint.errors import PromiselintError
from promiselint.findings import CATEGORIES, Severity
from promiselint.formats import format_names

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
    """An explicit --lang without rules would check nothing: a usage error, not a silent pass."""
    with_rules = sorted(code for code, language in ruleset.languages.items() if language.rules)
    if lang and lang not in with_rules:
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


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(format_names()),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--select", multiple=True, help="Only these rule ids or categories (comma-separated)."
)
@click.option(
    "--ignore", multiple=True, help="Skip these rule ids or categories (comma-separated)."
)
@_input_options
@click.option(
    "--fail-on", type=_SEVERITIES, help="Exit 1 on findings at or above this. [default: warning]"
)
@click.option(
    "--min-severity", type=_SEVERITIES, help="Show findings at or above this. [default: warning]"
)
@click.option(
    "--stdin-filename",
    default="stdin.md",
    show_default=True,
    help="File name whose extension picks the reader for `-` (standard input).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report to a file.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path),
    help="Report only findings that this baseline file does not record.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path),
    help="Record all current findings in this baseline file (instead of a report) and exit 0.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes to lint in, at most one per CPU (more only compete for them). "
    "[default: one per CPU when there is enough to lint]",
)
@click.option("--no-cache", is_flag=True, help="Lint every file again, changed or not.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    help="Cache folder. [default: $XDG_CACHE_HOME/promiselint, ~/.cache/promiselint]",
)
def check(
    paths: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    lang: str | None,
    config_path: Path | None,
    fail_on: str | None,
    min_severity: str | None,
    stdin_filename: str,
    output: Path | None,
    baseline_path: Path | None,
    write_baseline: Path | None,
    facts: Path | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
) -> None:
    """Lint files, folders (recursively) or `-` for standard input."""
    from promiselint import compiled_state
    from promiselint.api import lint_paths, load_rules, make_engine, open_cache
    from promiselint.baseline import load_baseline, save_baseline
    from promiselint.filters import filter_findings
    from promiselint.formats import FormatOptions, formatter
    from promiselint.parallel import default_jobs
    from promiselint.timings import stage

    if not paths:
        _fail("no paths given (try `promiselint check .` or `-` for standard input)")
    if baseline_path and write_baseline:
        _fail("--baseline and --write-baseline exclude each other (--write-baseline rewrites it)")
    try:
        baseline = load_baseline(baseline_path) if baseline_path else None
        config = _load_config(config_path, list(paths)).with_options(
            select=_split(select),
            ignore=_split(ignore),
            language=lang,
            fail_on=Severity[fail_on] if fail_on else None,
            min_severity=Severity[min_severity] if min_severity else None,
            facts=facts,
        )
        cache = None if no_cache else open_cache(config, cache_dir)
        # Compiled state (lemma tables, the detection model) is kept beside the findings.
        if cache is not None:
            compiled_state.use(cache.directory / "compiled", cache.code)
            from promiselint.detection.model import prefetch

            prefetch()  # a first run unpacks the detection model while the rules are parsed
        with stage("rules"):
            ruleset = load_rules(config, cache)
        _check_language(lang, ruleset)
        engine = make_engine(config, ruleset)
        result = lint_paths(
            list(paths), config, engine, stdin_name=stdin_filename, cache=cache, jobs=jobs
        )
        if jobs is not None and jobs > default_jobs():
            result.notices.append(f"--jobs {jobs} capped at {default_jobs()}, the CPUs available")
        # Before --min-severity and --fail-on, so a baselined finding never shows nor fails.
        if write_baseline is not None:
            # No report: "0 findings" beside a baseline that records some would be misleading.
            recorded = save_baseline(write_baseline, result.findings)
            files = f"{result.files_checked} file{'s' if result.files_checked != 1 else ''}"
            click.echo(
                f"promiselint: recorded {recorded} findings in {write_baseline} ({files} checked)",
                err=True,
            )
            _echo_problems(result)
            sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)
        result = filter_findings(
            result, config.min_severity, baseline, ruleset.aliases(), str(baseline_path)
        )
    except PromiselintError as exc:
        _fail(str(exc))
    options = FormatOptions(
        color=output is None and sys.stdout.isatty(),
        show_source=output is None and sys.stdout.isatty(),
    )
    with stage("output"):
        _write(output, formatter(output_format)(result, options))
        _echo_problems(result)
    if result.errors:
        _finish(EXIT_ERROR)
    if any(f.severity >= config.fail_on for f in result.findings):
        _finish(EXIT_FINDINGS)
    _finish(EXIT_CLEAN)


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the report here (default: standard output).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "csv"]),
    default="html",
    show_default=True,
    help="A self-contained HTML page, or CSV for a spreadsheet.",
)
@_input_options
@click.option("--title", default="Promise inventory", show_default=True, help="The report's title.")
def report(
    paths: tuple[str, ...],
    out: Path | None,
    output_format: str,
    lang: str | None,
    config_path: Path | None,
    facts: Path | None,
    title: str,
) -> None:
    """Inventory of every promise (all severities) by document and category, as HTML or CSV."""
    from promiselint.api import lint_paths, load_rules, make_engine
    from promiselint.clock import today
    from promiselint.report import build_inventory, render

    if not paths:
        _fail("no paths given (try `promiselint report docs/ --out report.html`)")
    try:
        config = _load_config(config_path, list(paths)).with_options(language=lang, facts=facts)
        ruleset = load_rules(config)
        _check_language(lang, ruleset)
        result = lint_paths(list(paths), config, make_engine(config, ruleset))
        inventory = build_inventory(result, today(), title)
    except PromiselintError as exc:
        _fail(str(exc))
    _write(out, render(inventory, output_format))
    if out is not None:
        click.echo(f"promiselint: {len(result.findings)} promises in {out}", err=True)
    _echo_problems(result)
    sys.exit(EXIT_ERROR if result.errors else EXIT_CLEAN)


@main.command(name="rules")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--lang", help="Only rules for this language.")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only rules of this category.")
def list_rules(config_path: Path | None, lang: str | None, category: str | None) -> None:
    """List the rules: id, category, severity, languages ("all" for the Python checks)."""
    from promiselint.registry import build_registry

    try:
        ruleset = _load_rules(config_path)
    except PromiselintError as exc:
        _fail(str(exc))
    rows = []
    for entry in build_registry(ruleset, lang).values():
        if lang and entry.kind == "pattern" and lang not in entry.languages:
            continue
        if category and entry.category != category:
            continue
        langs = ",".join(entry.languages) if entry.kind == "pattern" else "all"
        rows.append((entry.id, entry.category, entry.severity.name, langs))
    width = max((len(row[0]) for row in rows), default=10)
    click.echo(f"{'ID':<{width}}  {'CATEGORY':<19}  {'SEVERITY':<8}  LANGUAGES")
    for row in rows:
        click.echo(f"{row[0]:<{width}}  {row[1]:<19}  {row[2]:<8}  {row[3]}")
    click.echo(f"{len(rows)} rules")


@main.command()
@click.argument("rule_id")
@click.option("--config", "config_path", type=click.Path(path_type=Path))
@click.option("--lang", help="Words and examples in this language (default: English).")
def explain(rule_id: str, config_path: Path | None, lang: str | None) -> None:
    """Why a rule flags what it flags, what to write instead, and its examples."""
    from promiselint.registry import build_registry

    try:
        ruleset = _load_rules(config_path)
    except PromiselintError as exc:
        _fail(str(exc))
    entry = build_registry(ruleset, lang).get(ruleset.aliases().get(rule_id, rule_id))
    if entry is None:
        _fail(f"unknown rule id {rule_id!r} (see `promiselint rules`)")
    click.echo(f"{entry.id}  ({entry.category}, {entry.severity.name})")
    if entry.aliases:
        click.echo(f"formerly: {', '.join(entry.aliases)}")
    languages = ", ".join(entry.languages) if entry.kind == "pattern" else "all (a Python check)"
    click.echo(f"languages: {languages}\n")
    click.echo(entry.explanation)
    if entry.suggestion:
        click.echo(f"\nSuggestion: {entry.suggestion}")
    variants = [rule for rule in entry.variants if rule.lang == lang] or entry.variants
    for rule in variants:
        click.echo(f"\n[{rule.lang}] flagged:")
        for text in rule.flag_examples:
            click.echo(f"  - {text}")
        click.echo(f"[{rule.lang}] not flagged:")
        for text in rule.pass_examples:
            click.echo(f"  + {text}")


# --- Review where people work: `annotate` (Word comments, PDF highlights) and `server` (LSP) ---


def _options_of_check(*names: str) -> Callable[[click.Command], click.Command]:
    """``check``'s own options (same flags, types and help), for commands that choose findings
    the way ``check`` does."""

    def add(command: click.Command) -> click.Command:
        command.params.extend(param for param in check.params if param.name in names)
        return command

    return add


@_options_of_check("select", "ignore", "min_severity", "baseline_path")
@main.command()
@click.argument("document", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Where the reviewed copy goes. [default: NAME.reviewed.docx/.pdf beside the input]",
)
@_input_options
def annotate(
    document: Path,
    output: Path | None,
    lang: str | None,
    config_path: Path | None,
    facts: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    min_severity: str | None,
    baseline_path: Path | None,
) -> None:
    """A reviewed copy of a .docx (Word comments) or .pdf (highlights), each finding on its words.

    The original is never modified; nothing is written when the input cannot be read."""
    from promiselint.annotate import annotate as write_reviewed_copy
    from promiselint.annotate import check_annotatable, default_output
    from promiselint.api import lint_paths, make_engine
    from promiselint.baseline import load_baseline
    from promiselint.filters import filter_findings

    target = output or default_output(document)
    try:
        check_annotatable(document, target)
        config = _load_config(config_path, [str(document)]).with_options(
            select=_split(select),
            ignore=_split(ignore),
            language=lang,
            min_severity=Severity[min_severity] if min_severity else None,
            facts=facts,
        )
        baseline = load_baseline(baseline_path) if baseline_path else None
        engine = make_engine(config)
        result = lint_paths([str(document)], config, engine)
        for error in result.errors:
            _fail(f"{error.path}: {error.message}")
        aliases = engine.ruleset.aliases()
        findings = filter_findings(result, config.min_severity, baseline, aliases).findings
        placed = write_reviewed_copy(document, target, findings)
    except PromiselintError as exc:
        _fail(str(exc))
    unplaced = f" ({len(findings) - placed} could not be placed)" if placed < len(findings) else ""
    click.echo(f"promiselint: {placed} findings noted in {target}{unplaced}", err=True)


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
