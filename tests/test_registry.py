"""One registry of rules: `rules`, `explain` and the reports describe every rule, YAML or
Python, the same way, in the reader's language."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from promiselint.findings import CATEGORIES
from promiselint.registry import PYTHON_CHECKS, build_registry
from promiselint.ruleset.loader import _schema, load_ruleset, shipped_rules_dir

RULESET = load_ruleset([shipped_rules_dir()])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promiselint", *args], capture_output=True, text=True, check=False
    )


def test_every_variant_of_a_rule_agrees_on_category_and_severity() -> None:
    for rule_id, variants in RULESET.rules_by_id().items():
        assert len({(v.category, v.severity) for v in variants}) == 1, (
            rule_id,
            {v.lang: (v.category, v.severity.name) for v in variants},
        )


def test_the_registry_holds_yaml_rules_and_python_checks() -> None:
    registry = build_registry(RULESET)
    assert set(RULESET.rule_ids()) | set(PYTHON_CHECKS) == set(registry)
    assert registry["consistency.conflict"].kind == "check"
    assert registry["suppression.unknown-rule"].languages == ()
    assert {entry.category for entry in registry.values()} <= {*CATEGORIES, "suppression"}


def test_categories_are_the_schemas_categories() -> None:
    schema = _schema("rule-file.schema.json").schema
    assert tuple(schema["$defs"]["category"]["enum"]) == tuple(CATEGORIES)


@pytest.mark.parametrize("rule_id", sorted(RULESET.rule_ids()))
def test_explain_reads_english_unless_asked(rule_id: str) -> None:
    variants = {rule.lang: rule for rule in RULESET.rules_by_id()[rule_id]}
    expected = variants.get("en") or next(iter(variants.values()))
    assert build_registry(RULESET)[rule_id].explanation == expected.explanation
    for lang, rule in variants.items():
        assert build_registry(RULESET, lang)[rule_id].explanation == rule.explanation


def test_explain_on_the_command_line() -> None:
    english = run("explain", "delivery.turnaround")
    assert english.returncode == 0
    en = next(r for r in RULESET.rules_by_id()["delivery.turnaround"] if r.lang == "en")
    assert en.explanation.splitlines()[0] in english.stdout
    italian = run("explain", "delivery.turnaround", "--lang", "it")
    it = next(r for r in RULESET.rules_by_id()["delivery.turnaround"] if r.lang == "it")
    assert it.explanation.splitlines()[0] in italian.stdout
    assert "[en]" not in italian.stdout


@pytest.mark.parametrize("rule_id", sorted(PYTHON_CHECKS))
def test_python_checks_are_listed_and_explained(rule_id: str) -> None:
    listed = run("rules")
    assert any(
        line.split()[:1] == [rule_id] and line.endswith("all")
        for line in listed.stdout.splitlines()
    )
    explained = run("explain", rule_id)
    assert explained.returncode == 0, explained.stderr
    assert PYTHON_CHECKS[rule_id].explanation in explained.stdout


def test_sarif_describes_a_rule_in_the_language_it_fired_in(tmp_path) -> None:
    page = tmp_path / "pagina.md"
    page.write_text("Rispondiamo entro 2 ore a ogni richiesta.\n", encoding="utf-8")
    sarif = json.loads(run("check", str(page), "--lang", "it", "--format", "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    it = {r.id: r for r in RULESET.languages["it"].rules.values()}
    assert rules, sarif
    for rule_id, described in rules.items():
        assert it[rule_id].explanation.split()[0] in json.dumps(described, ensure_ascii=False)


def test_the_rule_reference_is_current() -> None:
    from pathlib import Path

    from promiselint.rules_doc import render

    reference = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert reference.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: python -m promiselint.rules_doc > docs/rules.md"
    )
