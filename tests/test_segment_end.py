"""Text that stops mid-phrase (a truncated heading, a cell cut short) must be judged as if it went
on with a word no rule knows: a finding at a segment's end that such a word would remove was
decided by a word that is not there ("function in the" is not "work in the making")."""

from __future__ import annotations

import pytest

from promiselint.api import lint_text
from tests.conftest import engine_for, shipped_ruleset

# A word in no rule, cue or list of any language, so it can only stand for "some other word".
_UNKNOWN_WORD = "qzxv"


def _end_findings(text: str, lang: str, rule_id: str) -> set[int]:
    """Start columns of ``rule_id``'s findings whose span ends where ``text`` ends."""
    findings = lint_text(text, engine=engine_for(lang), filename="cut.txt")
    return {
        f.location.column
        for f in findings
        if f.rule_id == rule_id and f.location.end_column == len(text) + 1
    }


def _starts(text: str, lang: str, rule_id: str) -> set[int]:
    findings = lint_text(text, engine=engine_for(lang), filename="cut.txt")
    return {f.location.column for f in findings if f.rule_id == rule_id}


LANGUAGES = sorted(shipped_ruleset().languages)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_finding_at_a_cut_depends_on_a_missing_word(lang: str) -> None:
    wrong = []
    for rule in shipped_ruleset().languages[lang].rules.values():
        for example in rule.flag_examples + rule.pass_examples:
            words = example.split()
            for cut in range(1, len(words)):
                prefix = " ".join(words[:cut])
                at_end = _end_findings(prefix, lang, rule.id)
                if not at_end:
                    continue
                went_on = _starts(f"{prefix} {_UNKNOWN_WORD}", lang, rule.id)
                if not at_end <= went_on:
                    wrong.append(f"{rule.id}: {prefix!r}")
    assert not wrong, "findings at a cut that one more word removes:\n" + "\n".join(wrong)


def test_the_reported_cut_is_clean() -> None:
    assert not _starts("Order of Escrow function in the", "en", "feature.in-development")
    assert _starts("Launch planning is still in the making", "en", "feature.in-development")
