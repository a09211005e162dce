"""Italian copy as it comes: promises of each construction family beside hard negatives, linted as
one paragraph, so a cue in one sentence (a hedge, a negation, a third party) must not reach the
next one and every sentence gets exactly the categories a reviewer would give it."""

from __future__ import annotations

from promiselint.api import lint_text
from promiselint.findings import Severity
from tests.conftest import engine_for

ABSOLUTE, DELIVERY, FEATURE = "absolute-claim", "delivery-commitment", "feature-promise"

# (sentence, categories it must get at warning or above); all written for this test.
PARAGRAPH = [
    ("Il nostro servizio clienti risponde dal lunedì al sabato, dalle 8 alle 20.", {DELIVERY}),
    ("Il tribunale si pronuncerà sul ricorso entro il 4 febbraio.", set()),
    ("Non rivendiamo mai gli indirizzi dei nostri iscritti.", {ABSOLUTE}),
    ("Di solito rispondiamo entro un giorno lavorativo.", set()),
    ("L'app per tablet seguirà nei prossimi mesi.", {FEATURE}),
    ("Una ricevuta verrà inviata al tuo indirizzo email.", set()),
    ("Offriamo un uptime garantito del 99,9% su base mensile.", {ABSOLUTE, DELIVERY}),
    ("Questa opzione verrà rimossa in una versione futura.", set()),
    ("Il vecchio portale clienti verrà spento il 30 settembre 2027.", {DELIVERY}),
    ("Fondata nel 2011, l'azienda ha aperto la sede di Torino nel 2015.", set()),
    ("La firma digitale è pianificata per il secondo trimestre.", {FEATURE}),
    ("Ti inviamo il preventivo entro tre giorni lavorativi dalla richiesta.", {DELIVERY}),
    ("Alcune delle tariffe più basse del paese si trovano al nord.", set()),
    ("Siamo tra i primi produttori al mondo di sensori ottici.", {ABSOLUTE}),
    ("Impara a creare una fattura in cinque minuti con la nostra guida.", set()),
]


def assert_reviewer_categories(lang: str, paragraph: list[tuple[str, set[str]]]) -> None:
    """Lint the sentences as one paragraph; each must get exactly its expected categories."""
    text = " ".join(sentence for sentence, _ in paragraph)
    starts, offset = [], 0
    for sentence, _ in paragraph:
        starts.append(offset)
        offset += len(sentence) + 1
    found: list[set[str]] = [set() for _ in paragraph]
    for finding in lint_text(text, engine=engine_for(lang), filename="copy.txt"):
        if finding.severity >= Severity.warning:
            # columns are 1-based: the finding belongs to the last sentence starting before it
            index = max(i for i, start in enumerate(starts) if start < finding.location.column)
            found[index].add(finding.category)
    wrong = [
        f"{sentence!r}: expected {sorted(expected)}, got {sorted(got)}"
        for (sentence, expected), got in zip(paragraph, found, strict=True)
        if expected != got
    ]
    assert not wrong, "\n".join(wrong)


def test_each_sentence_gets_the_categories_a_reviewer_would_give() -> None:
    assert_reviewer_categories("it", PARAGRAPH)
