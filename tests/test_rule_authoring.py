"""Rule-authoring features of the rule files: named word lists and examples that state their
expected match."""

from __future__ import annotations

from pathlib import Path

import pytest

from promiselint.errors import RuleError
from promiselint.ruleset.loader import load_ruleset
from tests.conftest import declare_rules

RULE = """\
rules:
  - id: custom.reply-window
    patterns:
      - [{LOWER: within}, {LIKE_NUM: true}, {LOWER: {IN: [$time_units, fortnight]}}]
    examples:
      flag:
        - {text: We answer within 2 hours., match: within 2 hours}
        - Replies arrive within 3 days.
      pass:
        - We answer quickly.
        - Call us today.
"""
LISTS = "lists:\n  time_units: [hours, days]\n"
CONTEXT = "cues:\n  negation: {scope: before, window: 3, phrases: [not]}\n"


def _write(root: Path, files: dict[str, str]) -> Path:
    declare_rules(root, {"custom.reply-window": "delivery-commitment"})
    lang_dir = root / "xx"
    lang_dir.mkdir(parents=True)
    for name, text in files.items():
        (lang_dir / name).write_text(text, encoding="utf-8")
    return root


def test_named_list_is_spliced_into_the_pattern(tmp_path: Path) -> None:
    ruleset = load_ruleset(
        [_write(tmp_path, {"rules.yaml": RULE, "lists.yaml": LISTS, "context.yaml": CONTEXT})]
    )
    language = ruleset.languages["xx"]
    rule = language.rules["custom.reply-window"]
    assert language.lists == {"time_units": ["hours", "days"]}
    assert rule.patterns[0][2] == {"LOWER": {"IN": ["hours", "days", "fortnight"]}}
    assert rule.flag_examples[0] == "We answer within 2 hours."
    assert rule.expected_matches == {"We answer within 2 hours.": "within 2 hours"}


def test_unknown_list_names_file_rule_and_list(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"rules\.yaml: rule 'custom\.reply-window'.*\$time_units"):
        load_ruleset([_write(tmp_path, {"rules.yaml": RULE, "context.yaml": CONTEXT})])


def test_lists_file_is_validated(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"lists\.yaml"):
        load_ruleset(
            [
                _write(
                    tmp_path,
                    {
                        "rules.yaml": RULE,
                        "context.yaml": CONTEXT,
                        "lists.yaml": "lists: {Bad-Name: [a]}\n",
                    },
                )
            ]
        )
