"""Arabic: spelling normalisation, light stems, tokenizer fixes, numbers in any script, and
findings on right-to-left text (columns in characters, readable text output)."""

from __future__ import annotations

import pytest

from promiselint.api import lint_text
from promiselint.findings import LintResult, Severity
from promiselint.formats import FormatOptions
from promiselint.formats.text import render
from promiselint.languages.ar import light_stem, normalize
from promiselint.nlp import build_pipeline
from tests.conftest import engine_for

FSI, PDI = "\u2068", "\u2069"


def rule_hits(text: str) -> list[tuple[str, str]]:
    findings = lint_text(text, engine=engine_for("ar"), filename="copy.txt")
    return [(f.rule_id, f.text) for f in findings if f.severity >= Severity.warning]


def rule_ids(text: str) -> set[str]:
    return {rule_id for rule_id, _ in rule_hits(text)}


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("مَضْمُونٌ", "مضمون"),  # harakat and tanween
        ("قريباً", "قريبا"),
        ("مضـــمون", "مضمون"),  # tatweel
        ("الأفضل", "الافضل"),  # alef with hamza above
        ("إضافة", "اضافه"),  # alef with hamza below, teh marbuta
        ("الآن", "الان"),  # alef madda
        ("فى", "في"),  # alef maqsura written for yeh
        ("ساعة", "ساعه"),
        ("٢٤", "24"),  # Arabic-Indic digits
        ("۲۴", "24"),  # Persian digits
        ("١٠٠٪", "100%"),  # Arabic percent sign
    ],
)
def test_normalize_spelling_variants(written: str, normal: str) -> None:
    assert normalize(written) == normal


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("نضمن", "نضمن"),
        ("سنضمن", "نضمن"),  # future سـ
        ("وسنضمنها", "نضمن"),  # conjunction + future + object pronoun
        ("بالتأكيد", "تاكيد"),  # preposition + article
        ("للأبد", "ابد"),
        ("سيدعم", "يدعم"),
        ("منتجاتنا", "منتجات"),
        # conservative: root letters that look like clitics stay
        ("فوري", "فوري"),
        ("وقت", "وقت"),
        ("كامل", "كامل"),
        ("سنوات", "سنوات"),
        ("يمكن", "يمكن"),
        ("تتمكن", "تتمكن"),
        ("Google", "Google"),
    ],
)
def test_light_stem(word: str, stem: str) -> None:
    assert light_stem(word) == stem


def test_pipeline_sets_norm_and_lemma() -> None:
    doc = build_pipeline("ar").nlp("وسنضمنُ الجودةَ")
    assert [(t.norm_, t.lemma_) for t in doc] == [("وسنضمن", "نضمن"), ("الجوده", "جوده")]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("نحن best.", ["نحن", "best", "."]),  # spaCy's Arabic suffixes kept "best." whole
        ("إطلاق 2026.", ["إطلاق", "2026", "."]),
        ("iOS وAndroid", ["iOS", "و", "Android"]),
        ("و24 ساعة", ["و", "24", "ساعة"]),
        ("لـGoogle بـ100%", ["لـ", "Google", "بـ", "100", "%"]),
        ("كـــبير", ["كـــبير"]),  # decorative tatweel inside a word is not a clitic
        ("مضمون، حقاً؟ نعم؛ لا", ["مضمون", "،", "حقاً", "؟", "نعم", "؛", "لا"]),
        ("1 أغسطس2021.", ["1", "أغسطس", "2021", "."]),
        ("مارس٢٠٢٧", ["مارس", "٢٠٢٧"]),
    ],
)
def test_tokenizer_splits(text: str, tokens: list[str]) -> None:
    assert [t.text for t in build_pipeline("ar").nlp(text)] == tokens


def test_arabic_question_mark_and_full_stop_end_sentences() -> None:
    doc = build_pipeline("ar").nlp("هل تريد الأفضل؟ نحن هنا۔ تواصل معنا.")
    assert [s.text for s in doc.sents] == ["هل تريد الأفضل؟", "نحن هنا۔", "تواصل معنا."]


@pytest.mark.parametrize("number", ["٢٤", "۲۴", "24", "ثلاث", "سبعة", "وخمس", "٢٤/٧"])
def test_numbers_in_any_script_are_like_num(number: str) -> None:
    assert build_pipeline("ar").nlp(number)[0].like_num


@pytest.mark.parametrize(
    "text",
    [
        "نتائج مَضْمُونَةٌ من أول شهر.",
        "نتائج مضـــمونة من أول شهر.",
        "نضمن لك النتائج.",
        "سنضمن لك النتائج.",
        "وسنضمن لك النتائج.",
        "نضمنها لك من أول شهر.",
    ],
)
def test_guarantee_matched_in_any_spelling_and_with_clitics(text: str) -> None:
    assert "absolute.guarantee" in rule_ids(text)


@pytest.mark.parametrize(
    "text", ["نحن الأفضل في السوق.", "نحن الافضل في السوق.", "نحن الأفضلُ في السوق."]
)
def test_superlative_matched_with_or_without_hamza(text: str) -> None:
    assert "absolute.superlative" in rule_ids(text)


@pytest.mark.parametrize("within", ["خلال ٢٤ ساعة", "خلال ۲۴ ساعة", "خلال 24 ساعة"])
def test_turnaround_with_digits_of_any_script(within: str) -> None:
    assert ("delivery.turnaround", within) in rule_hits(f"نرد على طلبك {within}.")


def test_dates_with_arabic_indic_digits() -> None:
    assert "delivery.date" in rule_ids("سنسلم الموقع بحلول ١٥ مارس ٢٠٢٧.")
    assert "delivery.scheduled-date" in rule_ids("سنطلق التطبيق في ١٥ مارس.")
    # no future in the sentence: a calendar mention, not a commitment
    assert "delivery.scheduled-date" not in rule_ids("انضم إلى ندوتنا في ١٥ مارس.")


@pytest.mark.parametrize(
    "text",
    [
        "لا نضمن ترتيباً محدداً في نتائج البحث.",  # negation
        "نرد عادةً خلال 24 ساعة.",  # hedge
        "من المتوقع أن يصل الطلب خلال ٣ أيام.",  # hedge
        "يمكنك إرجاع المنتج خلال ١٤ يوماً من تاريخ الاستلام.",  # the customer's window
        "نستخدم التشفير لضمان حماية بياناتك.",  # "in order to ensure"
    ],
)
def test_context_keeps_safe_copy_clean(text: str) -> None:
    assert rule_hits(text) == []


def test_evidence_downgrades_a_sourced_superlative() -> None:
    text = "أفضل تطبيق مالي وفقاً لتقرير مجلة فوربس."
    findings = lint_text(text, engine=engine_for("ar"), filename="a.txt")
    assert [(f.rule_id, f.severity) for f in findings] == [("absolute.superlative", Severity.info)]


def test_columns_count_characters_not_bytes() -> None:
    lines = ["مقدمة قصيرة عن خدماتنا.", "نحن نضمن لك أفضل النتائج، ونرد خلال ٢٤ ساعة."]
    findings = lint_text("\n".join(lines) + "\n", engine=engine_for("ar"), filename="copy.txt")
    expected = {"absolute.guarantee", "absolute.superlative", "delivery.turnaround"}
    assert {f.rule_id for f in findings} >= expected
    for finding in findings:
        loc = finding.location
        line = lines[loc.line - 1]
        assert loc.column == line.index(finding.text) + 1
        assert line[loc.column - 1 : loc.end_column - 1] == finding.text


def test_text_format_isolates_right_to_left_sentences() -> None:
    findings = lint_text("نحن نضمن لك النتائج.\n", engine=engine_for("ar"), filename="copy.txt")
    result = LintResult(findings=findings, files_checked=1)
    lines = render(result, FormatOptions(show_source=True)).splitlines()
    assert lines[0].startswith("copy.txt:1:5: warning absolute.guarantee ")
    # The sentence and the match are each isolated, in logical order and unmodified, so the
    # terminal's bidi algorithm cannot mix them with the left-to-right text around them; no
    # caret line, which could not line up under reordered text.
    assert f"    {FSI}نحن نضمن لك النتائج.{PDI}" in lines
    assert f"    match: {FSI}نضمن{PDI}" in lines
    assert not any(set(line.strip()) == {"^"} for line in lines)


def test_text_format_keeps_carets_for_left_to_right_text() -> None:
    findings = lint_text("Results guaranteed.\n", engine=engine_for("en"), filename="copy.txt")
    result = LintResult(findings=findings, files_checked=1)
    lines = render(result, FormatOptions(show_source=True)).splitlines()
    assert "            ^^^^^^^^^^" in lines


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        # a superlative said as a denial
        ("لا أحد يشحن أسرع منا في المنطقة.", "absolute.superlative"),
        ("لن تجد عمولة أقل عند أي بنك آخر.", "absolute.superlative"),
        ("نعالج رواتب موظفيك بدقة تامة كل شهر.", "absolute.total"),  # a total quality as a noun
        ("تقارير الضرائب في طريقها إليكم.", "feature.coming-soon"),  # "on its way to you"
        # our own act, counted from receipt
        ("نحوّل المبلغ خلال يومي عمل من استلام الطلب.", "delivery.turnaround"),
    ],
)
def test_flags_generalised_patterns(text: str, rule_id: str) -> None:
    assert rule_id in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        'نشرح في هذا الدليل معنى كلمة "مضمون" في العقود.',  # the phrase is mentioned, not used
        "المواعيد المذكورة وقابلة للتعديل حسب الظروف.",  # a hedge with an attached و
        "طلبك في الطريق إليك.",  # an order's status, not a feature
        "يمكنك الاستبدال خلال 14 يوماً من الاستلام.",  # the customer's window
    ],
)
def test_generalised_patterns_spare_look_alikes(text: str) -> None:
    assert rule_hits(text) == []
