"""Russian constructions the rules must catch however they are inflected or spelled: number
words in every case, the common misspelling "в течении", ranges, round-the-clock variants."""

from __future__ import annotations

import pytest

from tests.conftest import flagged


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
    assert flagged(f"Мы ответим клиенту {duration}.", "ru").get("delivery.turnaround") == duration


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
    assert (
        flagged(f"Служба поддержки работает {window}.", "ru").get("delivery.availability") == window
    )


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
    found = flagged(text, "ru")
    assert "delivery.turnaround" not in found and "delivery.availability" not in found
