"""Engine.lint returns what one document gave (findings, languages, their notices) and leaves
nothing behind for the next document: a notice belongs to the documents whose language raised
it, however the calls are ordered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from promiselint.api import lint_document, make_engine
from promiselint.config import Config
from promiselint.documents.base import Segment
from promiselint.errors import ReadError

ENGLISH = "Your new portal will be live by March 15, 2027, guaranteed."
PORTUGUESE = "O nosso novo portal estará disponível em março, com suporte em português."


def _segments(text: str) -> list[Segment]:
    return [Segment(text=text, runs=[])]


def test_each_result_carries_its_own_languages_and_notices() -> None:
    engine = make_engine(Config())
    english = engine.lint("a.md", _segments(ENGLISH))
    portuguese = engine.lint("b.md", _segments(PORTUGUESE))
    again = engine.lint("c.md", _segments(ENGLISH))

    assert english.languages == ["en"] and english.findings and not english.notices
    assert portuguese.languages == ["pt"] and not portuguese.findings
    assert any("no rules for language 'pt'" in note for note in portuguese.notices)
    # The Portuguese notice does not leak into a later English document's result.
    assert again.notices == []
    assert [f.text for f in again.findings] == [f.text for f in english.findings]


def test_lint_document_separates_language_and_file_notices(tmp_path: Path) -> None:
    page = tmp_path / "b.md"
    page.write_text(PORTUGUESE + "\n", encoding="utf-8")
    linted = lint_document(make_engine(Config()), str(page))
    assert linted.findings == []
    assert any("no rules for language 'pt'" in note for note in linted.notices)
    assert linted.file_notices == []


FACTS = Path(__file__).resolve().parent.parent / "fixtures" / "promiselint-facts.yaml"


def test_a_document_that_fails_to_read_leaves_no_check_findings_behind() -> None:
    engine = make_engine(Config(language="en", facts=FACTS))

    def broken() -> Iterator[Segment]:
        # a full batch of segments, linted before the failure: faster than the facts allow
        yield from _segments("We reply within one hour.") * 256
        raise ReadError("truncated")

    with pytest.raises(ReadError):
        engine.lint("a.md", broken())
    assert engine.lint("b.md", _segments("Thank you.")).findings == []
    again = engine.lint("c.md", _segments("We reply within one hour."))
    assert [f.rule_id for f in again.findings] == ["facts.exceeds-service-level"]
