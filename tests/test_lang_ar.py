"""Arabic constructions the rules must catch however they are written: the dual and broken
plurals of time units, number words, Eastern Arabic digits, the elative and "the only"."""

from __future__ import annotations

import pytest

from tests.conftest import flagged


@pytest.mark.parametrize(
    "duration",
    [
        "خلال ساعة",
        "خلال ساعتين",
        "خلال ثلاث ساعات",
        "خلال ٤٨ ساعة",
        "خلال ۴۸ ساعة",
        "خلال يومي عمل",
        "خلال سبعة أيام",
        "خلال أسبوعين",
        "في غضون ٢–٣ أيام",
        "في ظرف 24 ساعة",
    ],
)
def test_turnaround_with_duals_plurals_and_any_digits(duration: str) -> None:
    found = flagged(f"نرد على طلبك {duration}.", "ar").get("delivery.turnaround")
    assert found and found in duration  # the unit may stand alone: "خلال يومي" (of "يومي عمل")


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("أسرع خدمة توصيل في المدينة.", "absolute.superlative"),
        ("نقدم أقوى حماية لحسابك.", "absolute.superlative"),
        ("المنصة الوحيدة المرخصة في البلد.", "absolute.superlative"),
        ("نحن الأكبر في المنطقة.", "absolute.superlative"),
        ("وسنضيف الدفع بالتقسيط.", "feature.will-ship"),
        ("سوف نضيف الدفع بالتقسيط.", "feature.will-ship"),
        ("دعم فني ٢٤/٧.", "delivery.availability"),
    ],
)
def test_elative_only_and_future_prefix(text: str, rule_id: str) -> None:
    assert rule_id in flagged(text, "ar")


@pytest.mark.parametrize(
    "text",
    [
        "أفضل طريقة للتواصل معنا هي البريد.",  # a superlative about a way, not the offering
        "تستمر الدورة ستة أشهر.",  # أشهر is "months" here
        "كلمة المرور المؤقتة تنتهي صلاحيتها خلال ساعتين.",  # an expiry, not a service time
        "بعد تأكيد الدفع، ستتوفر الفاتورة في صفحة حسابك.",  # a step after the reader's own action
    ],
)
def test_look_alikes_that_promise_nothing(text: str) -> None:
    assert not flagged(text, "ar")


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("جاهزية الخوادم بنسبة 99.9% طوال العام.", "delivery.availability"),
        ("نشحن الزهور في نفس يوم الطلب.", "delivery.turnaround"),
        ("يصلك الطلب بحد أقصى 48 ساعة.", "delivery.turnaround"),
        ("سننقل موقعك إلى الخوادم الجديدة بنهاية الشهر.", "delivery.date"),
        ("التقارير الأسبوعية في الطريق.", "feature.coming-soon"),
    ],
)
def test_families_in_arabic_grammar(text: str, rule_id: str) -> None:
    assert rule_id in flagged(text, "ar")


@pytest.mark.parametrize(
    "text",
    [
        "في عام 2016 كنا أصغر مطبعة في الحي.",  # history
        "يرجى تأكيد موعد التركيب خلال يومين.",  # the reader's task
        "لا نضمن التوصيل خلال 24 ساعة.",  # disclaimer
        "شحنتك الآن في الطريق.",  # a parcel, not a feature
    ],
)
def test_precision_kinds_in_arabic(text: str) -> None:
    assert flagged(text, "ar") == {}
