"""Every shipped rule's own examples, in every language: flag texts must be flagged by that rule
at warning or above (on exactly the stated words, where the example states its match), pass
texts must not be."""

from __future__ import annotations

import pytest

from promiselint.api import lint_text
from promiselint.findings import Severity
from tests.conftest import engine_for, shipped_ruleset

CASES = [
    pytest.param(rule, text, expected, id=f"{lang}:{rule.id}:{kind}{number}")
    for lang, language in sorted(shipped_ruleset().languages.items())
    for rule in language.rules.values()
    for kind, texts, expected in (
        ("flag", rule.flag_examples, True),
        ("pass", rule.pass_examples, False),
    )
    for number, text in enumerate(texts, start=1)
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES)
def test_rule_example(rule, text: str, expected: bool) -> None:
    findings = lint_text(text, engine=engine_for(rule.lang), filename="example.txt")
    hits = [f for f in findings if f.rule_id == rule.id and f.severity >= Severity.warning]
    if expected:
        assert hits, f"{rule.id} ({rule.lang}) should flag: {text!r}; got {findings}"
        if text in rule.expected_matches:
            assert rule.expected_matches[text] in [h.text for h in hits], (
                f"{rule.id} ({rule.lang}) should match {rule.expected_matches[text]!r} in "
                f"{text!r}; matched {[h.text for h in hits]}"
            )
    else:
        assert not hits, (
            f"{rule.id} ({rule.lang}) should pass: {text!r}; flagged {[h.text for h in hits]}"
        )


def test_every_rule_has_examples_both_ways() -> None:
    for language in shipped_ruleset().languages.values():
        for rule in language.rules.values():
            assert len(rule.flag_examples) >= 2 and len(rule.pass_examples) >= 2, rule.id
