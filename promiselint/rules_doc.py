"""The rule reference, docs/rules.md, written from the registry:
``python -m promiselint.rules_doc > docs/rules.md`` (a test checks the file is current)."""

from __future__ import annotations

import sys

from promiselint.findings import CATEGORIES
from promiselint.registry import RegistryEntry, build_registry
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir


def _section(entry: RegistryEntry) -> list[str]:
    languages = ", ".join(entry.languages) if entry.kind == "pattern" else "all (a Python check)"
    lines = [
        f"### `{entry.id}`",
        "",
        f"{entry.severity.name} · languages: {languages}",
        "",
        " ".join(entry.explanation.split()),
    ]
    if entry.suggestion:
        lines += ["", f"*Instead:* {entry.suggestion}"]
    if entry.aliases:
        lines += ["", f"Formerly: {', '.join(f'`{alias}`' for alias in entry.aliases)}"]
    english = next((rule for rule in entry.variants if rule.lang == "en"), None)
    if english is not None:
        lines += ["", "Flagged:", ""] + [f"- {text}" for text in english.flag_examples]
        lines += ["", "Not flagged:", ""] + [f"- {text}" for text in english.pass_examples]
    return [*lines, ""]


def render() -> str:
    registry = build_registry(load_ruleset([shipped_rules_dir()]))
    lines = [
        "# Rules",
        "",
        "Generated from the rule registry by `python -m promiselint.rules_doc`; do not edit.",
        "`promiselint explain ID --lang XX` shows a rule's words and examples in another language.",
        "",
    ]
    others = sorted({entry.category for entry in registry.values()} - set(CATEGORIES))
    for category in (*CATEGORIES, *others):
        entries = [entry for entry in registry.values() if entry.category == category]
        lines += [f"## {category}", ""]
        for entry in entries:
            lines += _section(entry)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
