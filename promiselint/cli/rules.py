"""`promiselint rules` and `explain`: the rule registry, listed and explained."""

from __future__ import annotations

from pathlib import Path

import click

from promiselint.cli.app import (
    _fail,
    _load_rules,
    main,
)
from promiselint.errors import PromiselintError
from promiselint.findings import CATEGORIES


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
