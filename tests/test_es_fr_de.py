"""Spanish, French and German rules on inflected forms, dates and the context cues that are
particular to each language (German negation after the verb, French elision)."""

from __future__ import annotations

import pytest

from promiselint.api import lint_text
from promiselint.findings import Severity
from tests.conftest import engine_for


def rule_ids(lang: str, text: str) -> set[str]:
    findings = lint_text(text, engine=engine_for(lang), filename="copy.txt")
    return {f.rule_id for f in findings if f.severity >= Severity.warning}


@pytest.mark.parametrize(
    ("lang", "text", "rule_id"),
    [
        # guarantee in every inflection the lookup lemmatizer or the patterns know
        ("es", "Resultados garantizados.", "absolute.guarantee"),
        ("es", "Entrega garantizada en toda España.", "absolute.guarantee"),
        ("es", "Te lo garantizamos.", "absolute.guarantee"),
        ("fr", "Résultats garantis.", "absolute.guarantee"),
        ("fr", "Livraison garantie partout en France.", "absolute.guarantee"),
        ("fr", "Nous garantissons votre satisfaction.", "absolute.guarantee"),
        ("de", "Garantierte Ergebnisse.", "absolute.guarantee"),
        ("de", "Wir garantieren Ihre Zufriedenheit.", "absolute.guarantee"),
        ("de", "Der Erfolg ist garantiert.", "absolute.guarantee"),
        # superlatives in every gender and number
        ("es", "Las mejores tarifas del mercado.", "absolute.superlative"),
        ("es", "La solución más segura del mundo.", "absolute.superlative"),
        ("fr", "Les meilleures offres du marché.", "absolute.superlative"),
        ("fr", "La solution la plus rapide.", "absolute.superlative"),
        ("de", "Die besten Konditionen am Markt.", "absolute.superlative"),
        ("de", "Der schnellste Support der Branche.", "absolute.superlative"),
        ("de", "Marktführer für Zahlungslösungen.", "absolute.superlative"),
        # unlimited, feminine and plural
        ("es", "Llamadas ilimitadas.", "absolute.unlimited"),
        ("fr", "Appels illimités.", "absolute.unlimited"),
        ("de", "Unbegrenzte Projekte.", "absolute.unlimited"),
        # the future tense of a feature
        ("es", "La app incluirá un modo oscuro.", "feature.will-ship"),
        ("fr", "L'application intégrera un mode sombre.", "feature.will-ship"),
        ("de", "Die App wird einen Dunkelmodus enthalten.", "feature.will-ship"),
        ("es", "Próximamente en Android.", "feature.coming-soon"),
        ("fr", "Bientôt disponible sur Android.", "feature.coming-soon"),
        ("de", "Demnächst auch für Android.", "feature.coming-soon"),
        ("es", "Llegará en la próxima versión.", "feature.future-release"),
        ("fr", "Il arrivera dans la prochaine version.", "feature.future-release"),
        ("de", "Kommt in der nächsten Version.", "feature.future-release"),
        # turnarounds
        ("es", "Respondemos en 24 horas.", "delivery.turnaround"),
        ("es", "Envío en 24/48 h a toda la península.", "delivery.turnaround"),
        ("fr", "Réponse sous 24 heures.", "delivery.turnaround"),
        ("fr", "Expédition sous 48h.", "delivery.turnaround"),
        ("de", "Antwort innerhalb von 24 Stunden.", "delivery.turnaround"),
        ("de", "Lieferung in 2-3 Werktagen.", "delivery.turnaround"),
    ],
)
def test_flags_inflected_forms(lang: str, text: str, rule_id: str) -> None:
    assert rule_id in rule_ids(lang, text)


@pytest.mark.parametrize(
    ("lang", "text", "rule_id"),
    [
        ("es", "Entregamos antes del 15 de marzo.", "delivery.date"),
        ("es", "Estará listo a más tardar el 3 de abril de 2027.", "delivery.date"),
        ("es", "Lanzaremos la versión 3 el 1 de junio.", "delivery.scheduled-date"),
        ("es", "Estará disponible desde el 15/03/2027.", "delivery.scheduled-date"),
        ("fr", "Livré d'ici le 15 mars.", "delivery.date"),
        ("fr", "Livré d\u2019ici le 15 mars.", "delivery.date"),  # curly apostrophe
        ("fr", "Au plus tard le 1er avril.", "delivery.date"),
        ("fr", "L'offre sera disponible à partir du 1er juin.", "delivery.scheduled-date"),
        ("de", "Lieferung bis zum 15. März.", "delivery.date"),
        ("de", "Fertig spätestens am 15.03.2027.", "delivery.date"),
        ("de", "Ab dem 1. Juni wird der Tarif verfügbar sein.", "delivery.scheduled-date"),
    ],
)
def test_flags_dates(lang: str, text: str, rule_id: str) -> None:
    assert rule_id in rule_ids(lang, text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # negation: before the verb in es/fr, after it in German
        ("es", "No garantizamos resultados concretos."),
        ("fr", "Nous ne garantissons aucun résultat."),
        ("de", "Wir garantieren keine bestimmten Ergebnisse."),
        ("de", "Die App wird Apple Pay nicht unterstützen."),
        # hedges
        ("es", "Normalmente respondemos en 24 horas."),
        ("fr", "Nous répondons généralement sous 24 heures."),
        ("de", "Wir antworten in der Regel innerhalb von 24 Stunden."),
        ("es", "Hasta 3 días para la entrega en islas."),
        # history and plain calendar mentions
        ("es", "La empresa se fundó el 15 de marzo de 2010."),
        ("fr", "Le 15 mars 2019, nous avons ouvert notre bureau."),
        ("de", "Am 15. März 2019 wurde das Büro eröffnet."),
        # the customer's window
        ("es", "Puedes devolver el producto en 30 días desde la compra."),
        ("fr", "Vous disposez de 14 jours pour retourner le produit après réception."),
        ("de", "Sie können den Artikel innerhalb von 14 Tagen nach Erhalt zurückgeben."),
        # terms of an offer, purpose, qualified superlatives
        ("es", "Garantía de 2 años en todos los productos."),
        ("fr", "Tous nos produits ont une garantie de 2 ans."),
        ("de", "Alle Produkte mit 2 Jahren Garantie."),
        ("fr", "Nous chiffrons vos données pour garantir leur confidentialité."),
        ("de", "Eine der besten Optionen für kleine Teams."),
        ("es", "Es una de las mejores opciones para autónomos."),
        # sourced superlatives are downgraded below warning
        ("es", "La mejor app de finanzas según Capterra (2026)."),
        ("fr", "Le meilleur logiciel de paie selon une étude de 2025."),
        ("de", "Laut Stiftung Warentest die beste Banking-App."),
        # German history before a superlative, a passive disclaimer
        ("de", "Im Jahr 2013 waren wir der kleinste Anbieter im Kreis."),
        ("de", "Eine Zustellung binnen 24 Stunden kann nicht garantiert werden."),
    ],
)
def test_safe_copy_is_not_flagged(lang: str, text: str) -> None:
    assert rule_ids(lang, text) == set()


@pytest.mark.parametrize(
    ("lang", "text", "rule_id"),
    [
        # German quantities written as words
        ("de", "Wir melden uns binnen zwei Werktagen.", "delivery.turnaround"),
        # German word order and separable verbs
        ("de", "Im Herbst schalten wir die Videosprechstunde frei.", "feature.future-release"),
        ("de", "In der Logistik sind wir seit Jahren führend.", "absolute.superlative"),
        ("de", "Reaktionszeit unter 4 Stunden für alle Störungen.", "delivery.turnaround"),
        ("de", "Ihr Kundenportal ist in drei Wochen live.", "delivery.duration"),
        ("de", "Die Anbindung steht spätestens acht Wochen nach Auftrag.", "delivery.duration"),
        # order cut-offs and the dispatch day
        ("de", "Bis 14 Uhr bestellt, morgen geliefert.", "delivery.turnaround"),
        ("es", "Haz tu pedido antes de las 12:00 y recíbelo hoy.", "delivery.turnaround"),
        # German states a dated future in the present tense
        ("de", "Ab dem 1. Mai ist der Tarif für Vereine erhältlich.", "delivery.scheduled-date"),
        ("de", "Ab dem 1. Mai ist der Tarif für Vereine erhältlich.", "feature.future-release"),
        ("de", "Mit Release 3 kommen wiederkehrende Rechnungen.", "feature.future-release"),
        ("fr", "Le paiement fractionné arrivera avec la version 4.1.", "feature.future-release"),
        # work in progress with a building verb and "gerade / derzeit"
        ("de", "Derzeit entwickeln wir eine Anbindung an Shopify.", "feature.in-development"),
        # "nobody does it better": a superlative said as a denial
        ("de", "Niemand liefert schneller als wir.", "absolute.superlative"),
        ("fr", "Personne ne vous conseille mieux sur votre retraite.", "absolute.superlative"),
        ("es", "Nadie te ofrece mejores tarifas.", "absolute.superlative"),
        # a total quality as a noun
        ("de", "Lückenloser Schutz für alle Geräte.", "absolute.total"),
        ("fr", "Une fiabilité totale, jour et nuit.", "absolute.total"),
    ],
)
def test_flags_generalised_patterns(lang: str, text: str, rule_id: str) -> None:
    assert rule_id in rule_ids(lang, text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Niemand muss mehr Reisekosten von Hand abrechnen."),  # "mehr" = any longer
        ("es", "Nadie quiere más reuniones innecesarias."),  # "más" = more, not better
        ("fr", "Personne ne saisit plus de factures à la main."),  # "ne ... plus" = no longer
        # the customer's deadline, counted from the customer's receipt
        ("de", "Die Zahlung ist spätestens zwei Wochen nach Erhalt der Rechnung fällig."),
        ("de", "Der Export ist ab Version 2 verfügbar."),  # a requirement, not a promise
        ("de", "Wir entwickeln gerade Ihr neues Logo."),  # work for the reader
        ("fr", "Le mode sombre est disponible depuis la version 3."),  # present, not future
    ],
)
def test_generalised_patterns_spare_look_alikes(lang: str, text: str) -> None:
    assert rule_ids(lang, text) == set()


def test_german_year_at_a_sentence_end_ends_the_sentence() -> None:
    # spaCy's German tokenizer keeps a number's full stop (an ordinal: "am 30. Juni"); after a
    # year it would leave "2027." as one token, matched by no date pattern, and the sentence
    # would run on into the next one, whose hedge would then soften this one.
    text = "Die Android-App folgt Ende 2027. Vielleicht gibt es dann auch ein Tablet-Layout."
    findings = lint_text(text, engine=engine_for("de"), filename="x.txt")
    [release] = [f for f in findings if f.rule_id == "feature.future-release"]
    assert release.text == "folgt Ende 2027"
    assert release.sentence == "Die Android-App folgt Ende 2027."
    day = "Der alte Tarif wird am 30. Juni 2027 eingestellt."  # the ordinal day keeps its stop
    assert [f.text for f in lint_text(day, engine=engine_for("de"), filename="x.txt")] == [
        "am 30. Juni"
    ]
