"""Engine-level judgement of whose promise a match is and how many findings one phrase gets:
one finding per phrase, negated lead-ins reaching their list, defined-term mentions, history."""

from __future__ import annotations

import datetime

import pytest

from promiselint.api import lint_text
from promiselint.findings import Severity
from tests.conftest import engine_for


def _flagged(text: str) -> list[tuple[str, str]]:
    findings = lint_text(text, engine=engine_for("en"), filename="copy.txt")
    return [(f.category, f.text) for f in findings if f.severity >= Severity.warning]


def test_one_phrase_gets_one_finding_spanning_it() -> None:
    assert _flagged("Every plan carries a 100% satisfaction guarantee.") == [
        ("absolute-claim", "100% satisfaction guarantee")
    ]


def test_separate_phrases_of_one_category_stay_separate() -> None:
    found = _flagged("We answer within 1 hour, around the clock.")
    assert [text for _, text in found] == ["within 1 hour", "around the clock"]


def _markdown_findings(page: str) -> list[tuple[int, str]]:
    findings = lint_text(page, engine=engine_for("en"), filename="support.md")
    return [(f.location.line, f.text) for f in findings]


def test_a_negated_lead_in_reaches_its_list_but_not_the_text_after() -> None:
    page = (
        "The starter plan does not include:\n\n"
        "- Guaranteed response times\n"
        "- 24/7 phone support\n\n"
        "Every paid plan includes 24/7 phone support.\n"
    )
    assert _markdown_findings(page) == [(6, "24/7")]


def test_a_negated_lead_in_ends_with_its_list_not_at_the_next_full_stop() -> None:
    # A heading and a table further down are short and have no full stop, like list items,
    # but they are not under the lead-in: a blank line or two more, a rule, and it is over.
    page = (
        "Planned maintenance does not count as downtime:\n\n"
        "- Announced 2 days ahead\n"
        "- Outside office hours\n\n"
        "---\n\n"
        "## Support times\n\n"
        "| Severity | Response time |\n|---|---|\n| Critical | 15 minutes |\n"
    )
    assert [text for _, text in _markdown_findings(page)] == ["Response time: 15 minutes"]


def test_a_disclaimer_does_not_reach_past_a_turn_in_the_sentence() -> None:
    # The language's `turn` cue set ("..., but we ...") starts another statement; a turn that
    # a negation or hedge follows still qualifies the same one.
    assert _flagged("We do not guarantee refunds, but we reply within 24 hours.") == [
        ("delivery-commitment", "reply within 24 hours")
    ]
    assert not _flagged("We do not guarantee that replies arrive within 24 hours.")
    assert not _flagged("Cross-region backups are planned, but not yet scheduled.")


def test_a_plain_lead_in_does_not_hide_its_list() -> None:
    page = "The pro plan includes:\n\n- Guaranteed response times\n- 24/7 phone support\n"
    assert _markdown_findings(page) == [(3, "Guaranteed"), (4, "24/7")]


def test_a_defined_term_is_not_an_offer_again() -> None:
    assert _flagged("Our results are guaranteed for twelve months.")
    assert not _flagged("This guarantee applies only to annual plans.")
    assert not _flagged("The guarantee is void if the seal is broken.")


def test_a_date_that_is_over_is_history_unless_the_sentence_promised_it() -> None:
    last_year = datetime.date.today().year - 1
    assert not _flagged(f"Partners must finish their move to the new API by 30 June {last_year}.")
    assert _flagged(f"Partners get the new API from us by 30 June {last_year + 2}.")
    # written as a promise at the time: the labeled corpus counts these as commitments
    assert _flagged(f"The portal will go live by 30 June {last_year}.")


def test_a_sentence_wide_hedge_stays_on_its_side_of_a_semicolon() -> None:
    assert _flagged(
        "Urgent tickets are answered 24/7; other response targets apply in office hours."
    )
    assert not _flagged("Urgent tickets are answered 24/7, a target we usually meet.")


def test_a_defined_term_is_reported_where_it_is_offered_not_where_it_is_mentioned() -> None:
    offer = "We guarantee 99.9% uptime for every paid plan."
    assert _flagged(offer)  # the offer itself is a finding
    for mention in (
        "Services covered by the 99.9% SLA are listed in Annex B.",
        "If the guaranteed uptime is not met, we credit 10% of the monthly fee.",
        "Should we fail to meet our 99.5% availability commitment, fees are refunded.",
    ):
        assert _flagged(mention) == [], mention


_TURNS = {
    "es": "No garantizamos reembolsos, pero respondemos en un plazo de 24 horas.",
    "fr": "Nous ne garantissons pas de remboursement, mais nous répondons sous 24 heures.",
    "it": "Non garantiamo rimborsi, ma rispondiamo entro 24 ore.",
    "de": "Wir garantieren keine Rückerstattung, aber wir antworten binnen 24 Stunden.",
    "ru": "Мы не гарантируем возврат, но отвечаем в течение 24 часов.",
    "ar": "لا نضمن استرداد المبلغ، لكننا نرد خلال 24 ساعة.",
}


@pytest.mark.parametrize(("lang", "text"), sorted(_TURNS.items()))
def test_every_language_declares_its_turn(lang: str, text: str) -> None:
    found = lint_text(text, engine=engine_for(lang), filename="copy.txt")
    assert [f.category for f in found if f.severity >= Severity.warning] == ["delivery-commitment"]
