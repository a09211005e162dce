"""Commands over whole documents: `report` (an inventory of promises) and `annotate` (a
reviewed copy with each finding on its words)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from promiselint.cli.app import (
    EXIT_CLEAN,
    EXIT_ERROR,
    _check_language,
    _echo_problems,
    _fail,
    _input_options,
    _load_config,
    _split,
    _write,
    main,
)
from promiselint.cli.check import check
from promiselint.errors import PromiselintError
from promiselint.findings import Severity

if TYPE_CHECKING:
    from collections.abc import Callable


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
