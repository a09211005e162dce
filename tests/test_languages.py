"""Language choice per document and paragraph, and the Italian and Russian morphology the
rules rely on (lemmas of inflected forms, dates), with the real detector and lemmatizers."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import promiselint.languages as languages_package
from promiselint.api import lint_paths, lint_text
from promiselint.config import Config
from promiselint.detection import LanguageChooser, primary_language
from promiselint.detection.scripts import WORD, script_languages
from promiselint.detection.stopwords import stop_words_for
from promiselint.documents.base import Segment
from promiselint.findings import Severity
from promiselint.nlp import build_pipeline
from tests.conftest import FIXTURES, engine_for, shipped_ruleset

RULED = {"en", "it", "ru", "ar"}

EN = "Our support team answers every request within one business day, all year round."
IT = "Il nostro servizio clienti risponde a tutte le richieste entro un giorno lavorativo."
RU = "Наша служба поддержки отвечает на все обращения в течение одного рабочего дня."
PT = "A nossa equipa de suporte responde a todos os pedidos num dia útil, durante todo o ano."


def languages(*texts: str, declared: str | None = None, ruled: set[str] = RULED) -> list[str]:
    chooser = LanguageChooser(None, ruled)
    return [lang for _, lang in chooser.assign(Segment(t, [], lang=declared) for t in texts)]


def flagged(lang: str, text: str, rule_id: str) -> list[str]:
    findings = lint_text(text, engine=engine_for(lang), filename="copy.txt")
    return [f.text for f in findings if f.rule_id == rule_id and f.severity >= Severity.warning]


# -- detection -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [(EN, "en"), (IT, "it"), (RU, "ru"), (PT, "pt")])
def test_a_single_language_paragraph_is_detected(text: str, expected: str) -> None:
    assert languages(text) == [expected]


def test_each_paragraph_of_a_mixed_document_keeps_its_own_language() -> None:
    assert languages(EN, IT, RU, EN) == ["en", "it", "ru", "en"]


def test_a_short_heading_takes_the_language_of_the_paragraph_it_introduces() -> None:
    assert languages("# Contatti", IT, "## Pricing", EN) == ["it", "it", "en", "en"]


def test_a_run_of_short_bullets_is_detected_as_a_whole() -> None:
    bullets = ["- Consegna in 24 ore", "- Pagamento sicuro con carta", "- Reso gratuito sempre"]
    assert languages(EN, *bullets) == ["en", "it", "it", "it"]


def test_short_cyrillic_text_is_russian_even_among_english_paragraphs() -> None:
    assert languages(EN, "Доставка за 2 дня", EN) == ["en", "ru", "en"]


def test_short_text_whose_stop_words_say_another_language_keeps_its_own() -> None:
    # An English line in an Italian page is checked with English rules; a short Italian line,
    # or one without telling stop words ("Made in Italy"), stays with the page.
    texts = (
        IT,
        "Our team replies within one hour.",
        IT,
        "Spedizione in 24 ore",
        IT,
        "Made in Italy",
        IT,
    )
    assert languages(*texts) == ["it", "en", "it", "it", "it", "it", "it"]


def test_text_without_letters_takes_the_language_around_it() -> None:
    assert languages(IT, "24/7", IT) == ["it", "it", "it"]


def test_a_declared_language_decides_short_text_and_is_normalised() -> None:
    assert languages("Contatti", declared="it-IT") == ["it"]
    assert primary_language("pt_BR") == "pt"
    assert primary_language(None) is None


def test_a_document_with_no_long_paragraph_falls_back_to_the_default() -> None:
    assert languages("OK", "1.2") == ["en", "en"]


def test_a_fixed_language_skips_detection_and_never_loads_the_detector() -> None:
    script = (
        "import sys\n"
        "from promiselint.api import lint_text\n"
        "from promiselint.config import Config\n"
        "config = Config(language='it')\n"
        "findings = lint_text('Garantiamo risultati in 24 ore.', config, filename='a.txt')\n"
        "assert findings and {f.lang for f in findings} == {'it'}, findings\n"
        "assert 'py3langid.langid' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_a_bilingual_markdown_page_gets_english_and_italian_findings() -> None:
    result = lint_paths([str(FIXTURES / "bilingual.md")], Config())
    by_lang = {(f.lang, f.rule_id) for f in result.findings}
    assert ("en", "delivery.turnaround") in by_lang
    assert ("it", "delivery.turnaround") in by_lang
    assert ("it", "feature.coming-soon") in by_lang
    assert ("it", "absolute.guarantee") in by_lang
    assert not result.notices


def test_a_language_without_rules_gives_exactly_one_notice(tmp_path: Path) -> None:
    page = tmp_path / "mixed.md"
    more_pt = "O suporte para Windows estará disponível em breve para todos os clientes."
    page.write_text(f"{EN}\n\n{PT}\n\n{more_pt}\n", encoding="utf-8")
    result = lint_paths([str(page)], Config())
    assert len(result.notices) == 1
    assert "'pt'" in result.notices[0]


# -- the stop-word shortcut -----------------------------------------------------------------
# A paragraph after text in a known language keeps it without py3langid when its stop words
# plainly say so. These check that the shortcut is taken where it should be and never where
# the paragraph is in another language, however close.

ALL_RULED = RULED | {"de", "es", "fr"}
EN_MORE = "Your files stay in your own account and are never shared with anyone else."
IT_MORE = "I tuoi file restano nel tuo account e non vengono mai condivisi con nessuno."
ES = "Nuestro equipo de soporte responde a todas las solicitudes en un día hábil, todo el año."
ES_MORE = "Los datos se guardan en su cuenta y nunca se comparten con terceros."
PT_MORE = "Os dados ficam guardados na sua conta e nunca são partilhados com terceiros."
RU_MORE = "Ваши данные хранятся в вашем аккаунте и никогда не передаются третьим лицам."
UK = "Ваші дані зберігаються у вашому обліковому записі і ніколи не передаються іншим."
BG = "Нашият екип по поддръжка отговаря на всички запитвания в рамките на един работен ден."
BRANDS = "Salesforce, HubSpot, Zendesk, Slack, Teams, Jira, Asana, Trello, Notion: 40+ apps"


def shortcut_keeps(text: str, lang: str, ruled: set[str] = ALL_RULED) -> bool:
    """Whether the stop words of ``text`` alone keep ``lang`` (no py3langid)."""
    stop_words = stop_words_for(LanguageChooser(None, ruled).candidates)
    return stop_words.agree(WORD.findall(text), lang, script_languages(text))


def test_a_document_switches_language_at_the_right_paragraph() -> None:
    texts = (EN, EN_MORE, IT, IT_MORE, PT, PT_MORE, ES, ES_MORE, EN, EN_MORE)
    expected = ["en", "en", "it", "it", "pt", "pt", "es", "es", "en", "en"]
    assert languages(*texts, ruled=ALL_RULED) == expected


def test_the_shortcut_keeps_a_paragraph_in_the_language_before_it() -> None:
    # Else the shortcut never runs and the tests below prove nothing.
    assert shortcut_keeps(EN_MORE, "en")
    assert shortcut_keeps(IT_MORE, "it")
    assert shortcut_keeps(ES_MORE, "es")
    assert shortcut_keeps(RU_MORE, "ru")


@pytest.mark.parametrize(
    ("before", "text", "lang", "expected"),
    [
        (ES, PT_MORE, "es", "pt"),
        (ES, PT, "es", "pt"),
        (RU_MORE, UK, "ru", "uk"),
        (RU_MORE, BG, "ru", "bg"),
        (IT, ES_MORE, "it", "es"),
        (EN, IT_MORE, "en", "it"),
    ],
    ids=[
        "pt-after-es",
        "pt-after-es-2",
        "uk-after-ru",
        "bg-after-ru",
        "es-after-it",
        "it-after-en",
    ],
)
def test_a_paragraph_in_a_close_language_is_not_kept_in_the_one_before(
    before: str, text: str, lang: str, expected: str
) -> None:
    assert not shortcut_keeps(text, lang)
    assert languages(before, text, ruled=ALL_RULED) == [lang, expected]


def test_a_paragraph_of_brand_names_and_numbers_is_left_to_the_detector() -> None:
    assert not shortcut_keeps(BRANDS, "it")
    assert not shortcut_keeps(BRANDS, "en")


def test_a_declared_language_still_outweighs_the_language_before() -> None:
    # Mostly English stop words, but Italian enough for py3langid once the page says "it".
    mixed = "Supporto dedicato, consulenza e formazione: all in one, for all of your team."
    assert shortcut_keeps(mixed, "en")
    assert languages(EN, mixed, ruled=ALL_RULED) == ["en", "en"]
    assert languages(EN, mixed, declared="it", ruled=ALL_RULED) == ["en", "it"]


def test_a_language_without_rules_still_needs_the_detector_to_be_sure() -> None:
    # Text taken for Portuguese goes unchecked: py3langid is unsure here, so the paragraph
    # waits and takes the language of the Italian paragraph after it.
    mixed = "Com o plano anual não há taxas. Assistenza clienti dedicata."
    assert shortcut_keeps(mixed, "pt")
    assert languages(PT, mixed, IT, ruled=ALL_RULED) == ["pt", "it", "it"]


def test_a_language_without_a_stop_word_list_turns_the_shortcut_off_for_its_script() -> None:
    # spaCy has no Welsh list: Welsh text would find no words against English.
    assert not shortcut_keeps(EN_MORE, "en", ruled=RULED | {"cy"})
    assert shortcut_keeps(RU_MORE, "ru", ruled=RULED | {"cy"})
    assert languages(EN, EN_MORE, ruled=RULED | {"cy"}) == ["en", "en"]


def test_the_shortcut_reads_stop_words_without_importing_spacy() -> None:
    # Importing spacy.lang.fr alone takes seconds (its tokenizer exceptions).
    script = (
        "import sys\n"
        "from promiselint.detection import LanguageChooser\n"
        "from promiselint.detection.scripts import WORD\n"
        "from promiselint.detection.stopwords import stop_words_for\n"
        "stop_words = stop_words_for(LanguageChooser(None, {'en', 'fr'}).candidates)\n"
        f"assert stop_words.agree(WORD.findall({EN_MORE!r}), 'en', None)\n"
        "assert 'spacy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


# -- Italian morphology ------------------------------------------------------------------------


def test_italian_lemmas_keep_prepositions_and_join_adjective_forms() -> None:
    doc = build_pipeline("it").nlp("Garantita garantiti entro presto migliori dell\u2019app")
    lemmas = [t.lemma_ for t in doc]
    assert lemmas == ["garantito", "garantito", "entro", "presto", "migliore", "dell'", "app"]


@pytest.mark.parametrize(
    "text",
    [
        "Risultato garantito.",
        "Consegna garantita.",
        "Risultati garantiti.",
        "Rimborsi garantite?",
        "Garantiamo la consegna.",
        "L'app garantisce la privacy.",
        "Garantiremo il primo posto.",
    ],
)
def test_italian_every_form_of_garantire_is_flagged(text: str) -> None:
    assert flagged("it", text, "absolute.guarantee")


@pytest.mark.parametrize(
    "text",
    [
        "Il miglior gestionale per le agenzie.",
        "La migliore app per podcast.",
        "I migliori corsi di inglese online.",
        "Le migliori offerte per te.",
    ],
)
def test_italian_every_form_of_migliore_is_flagged(text: str) -> None:
    assert flagged("it", text, "absolute.superlative")


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("Il sito sarà online entro il 15 marzo 2027.", "delivery.date"),
        ("Consegniamo entro il 1° giugno.", "delivery.date"),
        ("Il progetto sarà completato entro il 15/03/2027.", "delivery.date"),
        ("Il piano Pro sarà disponibile dal 1° giugno.", "delivery.scheduled-date"),
        ("Il 15 marzo 2027 il portale andrà online.", "delivery.scheduled-date"),
    ],
)
def test_italian_dates_are_recognised(text: str, rule_id: str) -> None:
    assert flagged("it", text, rule_id)


def test_italian_a_past_date_is_not_a_commitment() -> None:
    text = "Il portale è stato lanciato il 15 marzo 2021."
    assert not flagged("it", text, "delivery.scheduled-date")


# -- Russian morphology ------------------------------------------------------------------------


def test_russian_lemmas_keep_superlatives_and_fold_yo() -> None:
    doc = build_pipeline("ru").nlp("лучших крупнейшей надёжный ещё")
    assert [t.lemma_ for t in doc] == ["лучший", "крупнейший", "надежный", "еще"]
    assert doc[2].norm_ == "надежный"


def test_russian_tokens_carry_tense_for_the_future_rules() -> None:
    doc = build_pipeline("ru").nlp("появится будет закончилась")
    assert doc[0].morph.get("Tense") == ["Fut"]
    assert doc[1].morph.get("Tense") == ["Fut"]
    assert doc[2].morph.get("Tense") == ["Past"]


@pytest.mark.parametrize(
    "text",
    [
        "Гарантируем результат.",
        "Сервис гарантирует сохранность данных.",
        "Доставка гарантирована.",
        "Гарантированный доход каждый месяц.",
        "Вы гарантированно получите скидку.",
    ],
)
def test_russian_every_form_of_garantirovat_is_flagged(text: str) -> None:
    assert flagged("ru", text, "absolute.guarantee")


@pytest.mark.parametrize(
    "text",
    [
        "Лучший сервис для бизнеса.",
        "Лучшая платформа для обучения.",
        "Лучшие предложения недели.",
        "Подборка лучших курсов.",
        "Самый быстрый хостинг.",
        "Крупнейшая сеть пунктов выдачи.",
    ],
)
def test_russian_every_form_of_a_superlative_is_flagged(text: str) -> None:
    assert flagged("ru", text, "absolute.superlative")


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("Сайт будет готов до 15 марта.", "delivery.date"),
        ("Завершим проект к 1 июня 2027 года.", "delivery.date"),
        ("С 1 февраля тариф станет доступен всем.", "delivery.scheduled-date"),
        ("15 марта 2027 года портал заработает.", "delivery.scheduled-date"),
    ],
)
def test_russian_dates_are_recognised(text: str, rule_id: str) -> None:
    assert flagged("ru", text, rule_id)


def test_russian_a_past_date_is_not_a_commitment() -> None:
    assert not flagged("ru", "31 марта 2020 года поддержка закончилась.", "delivery.scheduled-date")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Our team will deliver the new dashboards to every customer before the end of the"
            " year.",
            "en",
        ),
        (
            "Il nostro team consegnerà le nuove dashboard a tutti i clienti entro la fine"
            " dell'anno.",
            "it",
        ),
        ("Наша команда передаст новые панели всем клиентам до конца года.", "ru"),
        ("PK\x03\x04\x14\x00 word/document.xml \x00\x01\x02", None),  # a .docx's bytes: no guess
    ],
)
def test_a_document_language_guess_for_routing_files_to_workers(
    text: str, expected: str | None
) -> None:
    chooser = LanguageChooser(None, set(shipped_ruleset().languages))
    assert chooser.guess(text) == expected
    assert LanguageChooser("de", {"de", "en"}).guess(text) == "de"  # a fixed language wins


def test_every_language_module_is_found_by_its_code() -> None:
    # A module named otherwise (or without SUPPORT) would be silently ignored.
    folder = Path(languages_package.__file__).parent
    codes = [path.stem for path in folder.glob("*.py") if len(path.stem) in (2, 3)]
    assert sorted(codes) == ["ar", "de", "it", "ru"]
    for code in codes:
        module = importlib.import_module(f"promiselint.languages.{code}")
        assert languages_package.support(code) is module.SUPPORT
    assert languages_package.support("en") == languages_package.LanguageSupport()
