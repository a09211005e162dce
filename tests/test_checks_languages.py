"""The Python checks (durations, dates, service levels, consistency) in every language that has
rules: each language's vocabulary.yaml must give them what they need, or they do nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from promiselint.api import lint_paths, lint_text, make_engine
from promiselint.config import Config
from promiselint.findings import Finding
from promiselint.quantities import find_dates, find_durations, vocab
from promiselint.ruleset.loader import load_ruleset, shipped_rules_dir

LANGUAGES = sorted(load_ruleset([shipped_rules_dir()]).languages)
REQUIRED = {
    "available",
    "future",
    "generic",
    "service_levels",
    "subjects",
    "fraction",
    "all",
    "numbers",
    "units",
    "months",
    "scopes",
}
FACTS = Path(__file__).resolve().parent.parent / "fixtures" / "promiselint-facts.yaml"

# Our own sentences, one per language: a reply faster than the facts file's "4 business hours",
# a date, and two conflicting implementation lengths.
CASES = {
    "en": (
        "We reply within one hour.",
        "one hour",
        "live on 15 March 2027",
        "The implementation takes 6 weeks.",
        "The implementation takes 9 weeks.",
    ),
    "it": (
        "Rispondiamo entro un'ora.",
        "un'ora",
        "online il 15 marzo 2027",
        "L'implementazione richiede 6 settimane.",
        "L'implementazione richiede 9 settimane.",
    ),
    "de": (
        "Wir antworten innerhalb von einer Stunde.",
        "einer Stunde",
        "live am 15. März 2027",
        "Die Implementierung dauert 6 Wochen.",
        "Die Implementierung dauert 9 Wochen.",
    ),
    "fr": (
        "Nous répondons sous une heure.",
        "une heure",
        "en ligne le 15 mars 2027",
        "Le déploiement prend 6 semaines.",
        "Le déploiement prend 9 semaines.",
    ),
    "es": (
        "Damos respuesta en una hora.",
        "una hora",
        "en línea el 15 de marzo de 2027",
        "La implementación dura 6 semanas.",
        "La implementación dura 9 semanas.",
    ),
    "ru": (
        "Время ответа: один час.",
        "один час",
        "запуск 15 марта 2027",
        "Внедрение занимает 6 недель.",
        "Внедрение занимает 9 недель.",
    ),
    "ar": (
        "وقت الاستجابة ساعة واحدة.",
        "ساعة واحدة",
        "الإطلاق في 15 مارس 2027",
        "يستغرق التنفيذ 6 أسابيع.",
        "يستغرق التنفيذ 9 أسابيع.",
    ),
}


def test_every_language_with_rules_has_a_complete_vocabulary() -> None:
    assert set(CASES) == set(LANGUAGES)
    for lang in LANGUAGES:
        missing = REQUIRED - set(vocab().get(lang, {}))
        assert not missing, f"rules/{lang}/vocabulary.yaml lacks {sorted(missing)}"
        assert len(vocab()[lang]["months"]) == 12, lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_durations_and_dates(lang: str) -> None:
    reply, duration, dated, _, _ = CASES[lang]
    assert duration in [d.text for d in find_durations(reply, lang)]
    [date] = find_dates(dated, lang, dt.date(2026, 12, 4))
    assert date.date == dt.date(2027, 3, 15)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_service_level_check(lang: str) -> None:
    engine = make_engine(Config(language=lang, facts=FACTS))
    findings = lint_text(CASES[lang][0], engine=engine, filename="copy.txt")
    assert "facts.exceeds-service-level" in [f.rule_id for f in findings], findings


def conflicts(lang: str, folder: Path) -> tuple[list[Finding], list[Finding]]:
    """The conflicts between a language's two implementation lengths, and every finding."""
    a, b = folder / "proposal.md", folder / "sow.md"
    a.write_text(CASES[lang][3] + "\n", encoding="utf-8")
    b.write_text(CASES[lang][4] + "\n", encoding="utf-8")
    result = lint_paths([str(a), str(b)], Config(language=lang))
    return [f for f in result.findings if f.rule_id == "consistency.conflict"], result.findings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_consistency_check(lang: str, tmp_path: Path) -> None:
    found, every = conflicts(lang, tmp_path)
    assert len(found) == 2, [(f.rule_id, f.text) for f in every]
