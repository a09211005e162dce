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


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("Самого быстрого хостинга вы не найдёте нигде.", "absolute.superlative"),
        ("Работайте с крупнейшим сервисом доставки.", "absolute.superlative"),
        ("Дешевле нас не продаёт никто.", "absolute.superlative"),
        ("Наши серверы работают без единого простоя.", "absolute.zero-risk"),
        ("Эта камера не имеет аналогов.", "absolute.superlative"),
        ("В следующем месяце запустим оплату по QR-коду.", "feature.will-ship"),
        ("Интеграция с 1С уже в пути.", "feature.in-development"),
        ("Отправим посылку в день заказа.", "delivery.turnaround"),
    ],
)
def test_families_in_russian_grammar(text: str, rule_id: str) -> None:
    assert rule_id in flagged(text, "ru")


@pytest.mark.parametrize(
    "text",
    [
        "В 2014 году мы были самой маленькой студией в городе.",  # history
        "Раньше мы были единственным провайдером в районе.",  # history
        "Пришлите заполненную анкету в течение трёх дней.",  # the reader's task
        "Оплатите заказ до 20 марта.",  # the reader's deadline, read as a future by pymorphy3
        "Мы не гарантируем, что ответим в течение часа.",  # disclaimer
        "Ваш заказ уже в пути.",  # a parcel, not a feature
    ],
)
def test_precision_kinds_in_russian(text: str) -> None:
    assert flagged(text, "ru") == {}
