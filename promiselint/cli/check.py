"""`promiselint check`: lint files and report the findings in a format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from promiselint.cli.app import (
    _SEVERITIES,
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    _check_language,
    _echo_problems,
    _fail,
    _finish,
    _input_options,
    _load_config,
    _split,
    _write,
    main,
)
from promiselint.errors import PromiselintError
from promiselint.findings import Severity
from promiselint.formats import format_names


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
