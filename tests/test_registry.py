"""One registry of rules: every rule declared once (rules/registry.yaml, the Python checks beside
their code), described the same way by `rules`, `explain`, SARIF and docs/rules.md, in the
reader's language where it has words, else in English; former ids keep working."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from promiselint.api import lint_paths, load_rules, make_engine
from promiselint.cli import main
from promiselint.config import Config
from promiselint.errors import RuleError
from promiselint.findings import CATEGORIES
from promiselint.registry import PYTHON_CHECKS, build_registry
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir
from promiselint.ruleset.yamlfile import schema
from tests.conftest import declare_rules

RULES = shipped_rules_dir()
RULESET = load_ruleset([RULES])


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "promiselint", *args], capture_output=True, text=True, check=False
    )


def cli(folder: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """promiselint in this process, run in ``folder`` (where its config is found)."""
    monkeypatch.chdir(folder)
    return CliRunner().invoke(main, list(args))


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- every rule declared once ------------------------------------------------------------------


def test_every_variant_is_declared_and_every_declaration_has_a_variant() -> None:
    declared = set(_yaml(RULES / "registry.yaml")["rules"])
    assert RULESET.rule_ids() == declared
    for lang, language in RULESET.languages.items():
        assert set(language.words) <= declared | set(PYTHON_CHECKS), lang


def test_variants_take_their_declaration_and_sit_in_their_category_file() -> None:
    for rule_id, variants in RULESET.rules_by_id().items():
        declaration = RULESET.declarations[rule_id]
        for rule in variants:
            assert (rule.category, rule.severity) == (declaration.category, declaration.severity)
            assert rule.source.stem == declaration.category, (rule_id, rule.source)


def test_rule_files_hold_no_metadata() -> None:
    for path in RULES.glob("*/*.yaml"):
        if path.stem not in CATEGORIES:
            continue
        data = _yaml(path)
        assert "category" not in data and "severity" not in data.get("defaults", {}), path
        for rule in data["rules"]:
            assert not {"category", "severity", "message", "explanation", "suggestion"} & set(
                rule
            ), (path, rule["id"])


def test_the_registry_holds_yaml_rules_and_python_checks() -> None:
    registry = build_registry(RULESET)
    assert set(RULESET.rule_ids()) | set(PYTHON_CHECKS) == set(registry)
    assert registry["consistency.conflict"].kind == "check"
    assert registry["suppression.unknown-rule"].languages == ()
    assert {entry.category for entry in registry.values()} <= {*CATEGORIES, "suppression"}


def test_categories_are_defined_once() -> None:
    enum = schema("registry.schema.json").schema["$defs"]["category"]["enum"]
    assert tuple(enum) == CATEGORIES
    text = (Path(__file__).parent.parent / "promiselint" / "ruleset").glob("*.schema.json")
    assert not any("absolute-claim" in path.read_text(encoding="utf-8") for path in text)


# --- words in the reader's language, else English -----------------------------------------------


@pytest.mark.parametrize("rule_id", sorted(RULESET.rule_ids()))
def test_explain_reads_english_unless_the_language_has_words(rule_id: str) -> None:
    english = RULESET.declarations[rule_id].words
    assert build_registry(RULESET)[rule_id].explanation == english.explanation
    for lang, language in RULESET.languages.items():
        own = language.words.get(rule_id, english)
        assert build_registry(RULESET, lang)[rule_id].explanation == own.explanation
        variant = language.rules.get(rule_id)
        if variant is not None:  # the findings' words are the same as explain's
            assert (variant.message, variant.explanation) == (own.message, own.explanation)


@pytest.mark.parametrize("lang", sorted(RULESET.languages))
def test_rules_and_explain_for_every_rule_in_every_language(lang: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules", "--lang", lang])
    assert listed.exit_code == 0, listed.output
    rows = {line.split()[0]: line.split() for line in listed.stdout.splitlines()[1:-1]}
    language = RULESET.languages[lang]
    assert set(rows) == set(language.rules) | set(PYTHON_CHECKS)
    for rule_id in language.rules:
        declaration = RULESET.declarations[rule_id]
        assert rows[rule_id][1:3] == [declaration.category, declaration.severity.name]
        explained = runner.invoke(main, ["explain", rule_id, "--lang", lang])
        assert explained.exit_code == 0, explained.output
        words = language.words.get(rule_id, declaration.words)
        assert explained.stdout.startswith(
            f"{rule_id}  ({declaration.category}, {declaration.severity.name})"
        )
        assert words.explanation.splitlines()[0] in explained.stdout
        assert f"[{lang}] flagged:" in explained.stdout


def test_explain_on_the_command_line() -> None:
    english = run("explain", "delivery.turnaround")
    assert english.returncode == 0
    en = RULESET.declarations["delivery.turnaround"].words
    assert en.explanation.splitlines()[0] in english.stdout
    italian = run("explain", "delivery.turnaround", "--lang", "it")
    it = RULESET.languages["it"].words["delivery.turnaround"]
    assert it.explanation.splitlines()[0] in italian.stdout
    assert "[en]" not in italian.stdout


def test_explain_falls_back_to_english_where_a_language_has_no_words() -> None:
    # German alone has feature.rollout: an Italian reader gets its English words.
    assert "feature.rollout" not in RULESET.languages["it"].words
    italian = run("explain", "feature.rollout", "--lang", "it")
    assert italian.returncode == 0, italian.stderr
    english = RULESET.declarations["feature.rollout"].words
    assert english.explanation.splitlines()[0] in italian.stdout
    assert "[de] flagged:" in italian.stdout


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


def test_sarif_describes_a_rule_in_the_language_it_fired_in(tmp_path: Path) -> None:
    page = tmp_path / "pagina.md"
    page.write_text("Rispondiamo entro 2 ore a ogni richiesta.\n", encoding="utf-8")
    sarif = json.loads(run("check", str(page), "--lang", "it", "--format", "sarif").stdout)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    words = RULESET.languages["it"].words
    assert rules, sarif
    for rule_id, described in rules.items():
        expected = " ".join(words[rule_id].explanation.split())
        assert described["fullDescription"]["text"] == expected


def test_the_rule_reference_is_current() -> None:
    from promiselint.rules_doc import render

    reference = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert reference.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: python -m promiselint.rules_doc > docs/rules.md"
    )


# --- errors: one line each -----------------------------------------------------------------------

HOUSE_RULE = """\
rules:
  - id: house.hype
    phrases: [revolutionary]
    examples: {flag: [A revolutionary app., Revolutionary!], pass: [An app., A new app.]}
"""


def _house(root: Path, rule: str = HOUSE_RULE) -> Path:
    (root / "en").mkdir(parents=True, exist_ok=True)
    (root / "en" / "house.yaml").write_text(rule, encoding="utf-8")
    return root


def test_metadata_in_a_rule_file_is_a_one_line_error(tmp_path: Path) -> None:
    declare_rules(tmp_path, {"house.hype": "absolute-claim"})
    old_style = HOUSE_RULE.replace("    phrases:", "    message: x\n    phrases:")
    with pytest.raises(RuleError, match=r"house\.yaml: rule 'house\.hype': message: declared in"):
        load_ruleset([_house(tmp_path, old_style)])


def test_an_undeclared_rule_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"house\.yaml: rule 'house\.hype': not declared"):
        load_ruleset([RULES, _house(tmp_path)])


def test_words_for_an_undeclared_rule_are_an_error(tmp_path: Path) -> None:
    declare_rules(_house(tmp_path), {"house.hype": "absolute-claim"})
    (tmp_path / "en" / "messages.yaml").write_text(
        "rules:\n  house.hyp: {message: m, explanation: e}\n", encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"messages\.yaml: rule 'house\.hyp': not declared"):
        load_ruleset([RULES, tmp_path])


# --- aliases: a renamed rule's former id keeps working --------------------------------------------

ALIASED = """\
rules:
  house.hype:
    category: absolute-claim
    severity: warning
    message: "'{match}' is hype"
    explanation: Hype ages badly.
    aliases: [house.revolutionary]
"""
COPY = "A revolutionary app.\n\nResults guaranteed.\n"


@pytest.fixture
def renamed(tmp_path: Path) -> Path:
    """A folder with a house rule renamed from house.revolutionary to house.hype, and a page."""
    rules = _house(tmp_path / "house")
    (rules / "registry.yaml").write_text(ALIASED, encoding="utf-8")
    (tmp_path / "page.md").write_text(COPY, encoding="utf-8")
    return tmp_path


def _rule_ids(folder: Path, **options: tuple[str, ...]) -> list[str]:
    config = Config(rule_dirs=(folder / "house",), language="en", **options)  # type: ignore[arg-type]
    result = lint_paths([str(folder / "page.md")], config, make_engine(config, load_rules(config)))
    return sorted(finding.rule_id for finding in result.findings)


def test_a_former_id_selects_and_ignores_the_rule(renamed: Path) -> None:
    assert _rule_ids(renamed) == ["absolute.guarantee", "house.hype"]
    assert _rule_ids(renamed, select=("house.revolutionary",)) == ["house.hype"]
    assert _rule_ids(renamed, ignore=("house.revolutionary",)) == ["absolute.guarantee"]


def test_a_former_id_in_an_inline_directive_suppresses_the_rule(renamed: Path) -> None:
    page = renamed / "page.md"
    page.write_text(
        "<!-- promiselint: disable-next-line house.revolutionary -->\n" + COPY, encoding="utf-8"
    )
    assert _rule_ids(renamed) == ["absolute.guarantee"]  # and no suppression.unknown-rule


def test_a_baseline_recorded_under_a_former_id_still_holds(
    renamed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (renamed / ".promiselint.yaml").write_text("rules: [house]\n", encoding="utf-8")
    written = cli(renamed, monkeypatch, "check", "page.md", "--write-baseline", "baseline.json")
    assert written.exit_code == 0, written.output
    baseline = renamed / "baseline.json"
    recorded = baseline.read_text(encoding="utf-8")
    assert '"house.hype"' in recorded
    baseline.write_text(recorded.replace('"house.hype"', '"house.revolutionary"'), "utf-8")
    checked = cli(renamed, monkeypatch, "check", "page.md", "--baseline", "baseline.json")
    assert checked.exit_code == 0, checked.output
    assert "house.hype" not in checked.stdout


def test_explain_and_config_validation_know_the_former_id(
    renamed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (renamed / ".promiselint.yaml").write_text(
        "rules: [house]\nseverity: {house.revolutionary: error}\n", encoding="utf-8"
    )
    explained = cli(renamed, monkeypatch, "explain", "house.revolutionary")
    assert explained.exit_code == 0, explained.output
    assert explained.stdout.startswith("house.hype  (absolute-claim, warning)")
    assert "formerly: house.revolutionary" in explained.stdout
    checked = cli(renamed, monkeypatch, "check", "page.md", "--format", "json")
    severities = {f["rule_id"]: f["severity"] for f in json.loads(checked.stdout)["findings"]}
    assert severities["house.hype"] == "error"


def test_an_alias_that_is_an_id_is_an_error(tmp_path: Path) -> None:
    rules = _house(tmp_path)
    (rules / "registry.yaml").write_text(
        ALIASED.replace("[house.revolutionary]", "[absolute.guarantee]"), encoding="utf-8"
    )
    with pytest.raises(RuleError, match=r"alias 'absolute\.guarantee' is already an id"):
        load_ruleset([RULES, rules])
