"""The Python checks' words in every language: rules/<lang>/messages.yaml gives their message,
explanation and suggestion as it does for the YAML rules; `explain --lang` and the findings in
a language's copy use them, and English stays as declared in promiselint/checks/rules.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from promiselint.api import lint_text, make_engine
from promiselint.checks import fill, written
from promiselint.checks.rules import CONFLICT_RULE, FACT_RULES, PYTHON_CHECKS
from promiselint.cli import main
from promiselint.config import Config
from promiselint.errors import RuleError
from promiselint.findings import Finding
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir
from tests.test_checks_languages import CASES, FACTS, conflicts

RULESET = load_ruleset([shipped_rules_dir()])
TRANSLATED = sorted(lang for lang in RULESET.languages if lang != "en")


def _template(template: str) -> re.Pattern[str]:
    """A message written from ``template``: its words as they stand, any text for a {name}."""
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL)


def _in_words_of(finding: Finding, lang: str) -> bool:
    rule = FACT_RULES.get(finding.rule_id, CONFLICT_RULE)
    words = written(rule, RULESET.languages[lang].words)
    return bool(_template(words.message).fullmatch(finding.message)) and (
        finding.suggestion == words.suggestion
    )


def test_every_language_words_every_python_check() -> None:
    for lang in TRANSLATED:
        words = RULESET.languages[lang].words
        assert set(PYTHON_CHECKS) <= set(words), lang
        for rule in (*FACT_RULES.values(), CONFLICT_RULE):
            names = set(re.findall(r"\{(\w+)\}", words[rule.id].message))
            assert names == set(re.findall(r"\{(\w+)\}", rule.message)), (lang, rule.id)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_explain_in_the_language(lang: str) -> None:
    for rule_id in ("facts.unknown-feature", "consistency.conflict", "suppression.unknown-rule"):
        done = CliRunner().invoke(main, ["explain", rule_id, "--lang", lang])
        assert done.exit_code == 0, done.output
        own = RULESET.languages[lang].words[rule_id]
        assert own.explanation in done.output
        assert f"Suggestion: {own.suggestion}" in done.output
        assert PYTHON_CHECKS[rule_id].explanation not in done.output


def test_explain_without_a_language_is_english() -> None:
    done = CliRunner().invoke(main, ["explain", "facts.unknown-feature"])
    assert PYTHON_CHECKS["facts.unknown-feature"].explanation in done.output


@pytest.mark.parametrize("lang", sorted(RULESET.languages))
def test_a_service_level_finding_in_the_copy_s_language(lang: str) -> None:
    engine = make_engine(Config(language=lang, facts=FACTS))
    findings = lint_text(CASES[lang][0], engine=engine, filename="copy.txt")
    [found] = [f for f in findings if f.rule_id == "facts.exceeds-service-level"]
    assert _in_words_of(found, lang), found.message
    assert f"'{found.text}'" in found.message
    assert "4 business hours" in found.message  # the facts file's own words, as written there
    if lang != "en":
        assert not _template(FACT_RULES[found.rule_id].message).fullmatch(found.message)


@pytest.mark.parametrize("lang", sorted(RULESET.languages))
def test_a_conflict_in_the_copy_s_language(lang: str, tmp_path: Path) -> None:
    found, _ = conflicts(lang, tmp_path)
    assert len(found) == 2
    for finding in found:
        assert _in_words_of(finding, lang), finding.message
        assert finding.extra["conflicts_with"] in finding.message


def test_english_messages_are_the_declared_ones() -> None:
    assert CONFLICT_RULE.message == "'{match}' conflicts with '{other}' at {place}{more}"
    values = {"match": "6 weeks", "other": "9 weeks", "place": "a.md:1:1", "more": ""}
    assert fill(CONFLICT_RULE.message, values) == "'6 weeks' conflicts with '9 weeks' at a.md:1:1"
    # a value holding braces is not read again
    assert fill("'{match}' and {cue}", {"match": "{cue}", "cue": "x"}) == "'{cue}' and x"


def _user_words(root: Path, rule_id: str) -> Path:
    (root / "it").mkdir(parents=True)
    (root / "it" / "messages.yaml").write_text(
        f"rules:\n  {rule_id}: {{message: m, explanation: e}}\n", encoding="utf-8"
    )
    return root


def test_a_python_check_s_words_load_and_a_misspelt_id_is_an_error(tmp_path: Path) -> None:
    ruleset = load_ruleset(
        [shipped_rules_dir(), _user_words(tmp_path / "ok", "facts.backed-claim")]
    )
    assert ruleset.languages["it"].words["facts.backed-claim"].explanation == "e"
    misspelt = _user_words(tmp_path / "typo", "facts.backed-claims")
    with pytest.raises(
        RuleError, match=r"messages\.yaml: rule 'facts\.backed-claims': not declared"
    ):
        load_ruleset([shipped_rules_dir(), misspelt])
