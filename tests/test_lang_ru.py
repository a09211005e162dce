"""Russian constructions the rules must catch however they are inflected or spelled: number
words in every case, the common misspelling "в течении", ranges, round-the-clock variants."""

from __future__ import annotations

import pytest

from promiselint.api import lint_text
from promiselint.findings import Severity
from tests.conftest import engine_for


def _flagged(text: str) -> dict[str, str]:
    findings = lint_text(text, engine=engine_for("ru"), filename="x.txt")
    return {f.rule_id: f.text for f in findings if f.severity >= Severity.warning}


@pytest.mark.parametrize(
    "duration",
    [
        "в течение двух часов",
        "в течении двух часов",
        "в течение трёх рабочих дней",
        "в течение полутора суток",
        "в течение одного дня",
        "за пять дней",
        "за пару часов",
        "через пятнадцать минут",
        "в течение 3–5 дней",
        "за три–пять рабочих дней",
        "не позднее двух рабочих дней",
        "в пределах сорока минут",
    ],
)
def test_turnaround_in_any_case_and_spelling(duration: str) -> None:
    assert _flagged(f"Мы ответим клиенту {duration}.").get("delivery.turnaround") == duration


@pytest.mark.parametrize(
    "window",
    [
        "24/7",
        "24х7",
        "24x7",
        "24×7",
        "24 / 7",
        "круглосуточно",
        "24 часа в сутки",
        "365 дней в году",
        "без выходных",
    ],
)
def test_round_the_clock_in_every_spelling(window: str) -> None:
    assert _flagged(f"Служба поддержки работает {window}.").get("delivery.availability") == window


@pytest.mark.parametrize(
    "text",
    [
        "Обычно отвечаем в течение двух часов.",  # hedged
        "Вернуть товар можно в течение двух недель с момента покупки.",  # the reader's window
        "Спринт длится две недели, демо — в пятницу.",  # not a turnaround
        "Аренда — 300 рублей за час.",  # a price per unit of time
    ],
)
def test_durations_that_are_no_commitment(text: str) -> None:
    flagged = _flagged(text)
    assert "delivery.turnaround" not in flagged and "delivery.availability" not in flagged
