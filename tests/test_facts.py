"""The product facts file and the fact checks, in English and Italian, through the real engine."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from promiselint.api import lint_text, make_engine
from promiselint.config import Config
from promiselint.errors import ConfigError
from promiselint.facts import load_facts
from promiselint.findings import Finding, Severity
from promiselint.quantities import find_durations, parse_duration
from tests.conftest import declare_rules

FACTS = Path(__file__).resolve().parent.parent / "fixtures" / "promiselint-facts.yaml"

# Small rules of our own, so that these tests need a feature-promise and an absolute-claim match
# in both languages whatever the shipped rulesets hold today.
_CATEGORIES = {
    "test.soon": "feature-promise",
    "test.guarantee": "absolute-claim",
    "test.in-arrivo": "feature-promise",
    "test.garantito": "absolute-claim",
}
_RULES = {
    "en/facts-test.yaml": """
        rules:
          - id: test.soon
            phrases: [coming soon, on our roadmap]
            examples: {flag: [SSO is coming soon., It is on our roadmap.], pass: [Done., Live.]}
          - id: test.guarantee
            patterns: [[{LEMMA: guarantee}]]
            examples: {flag: [We guarantee it., Guaranteed.], pass: [We try., Fine.]}
    """,
    "it/context.yaml": """
        cues:
          negation: {scope: before, window: 4, phrases: [non, mai, senza]}
    """,
    "it/facts-test.yaml": """
        rules:
          - id: test.in-arrivo
            phrases: [in arrivo, a breve]
            examples: {flag: [SSO in arrivo., A breve il tema scuro.], pass: [Fatto., Oggi.]}
          - id: test.garantito
            phrases: [garantiamo, garantito, garantita]
            examples: {flag: [Lo garantiamo., Uptime garantito.], pass: [Proviamo., Bene.]}
    """,
}


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("rules")
    declare_rules(root, _CATEGORIES)
    for name, text in _RULES.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def engines(rules_dir: Path) -> dict[str, object]:
    return {
        lang: make_engine(Config(language=lang, facts=FACTS, rule_dirs=(rules_dir,)))
        for lang in ("en", "it")
    }


def lint(engines: dict, lang: str, text: str) -> list[Finding]:
    return lint_text(text, engine=engines[lang], filename="copy.txt")


def ids(findings: list[Finding]) -> list[str]:
    return [finding.rule_id for finding in findings]


def only(findings: list[Finding], rule_id: str) -> Finding:
    found = [finding for finding in findings if finding.rule_id == rule_id]
    assert len(found) == 1, (rule_id, [(f.rule_id, f.text) for f in findings])
    return found[0]


# --- the facts file -------------------------------------------------------------------------


def test_fixture_loads() -> None:
    facts = load_facts(FACTS)
    sso = facts.features[0]
    assert (sso.name, sso.status, sso.target) == ("single sign-on", "planned", "2027-Q2")
    assert "accesso singolo" in sso.phrases("it")
    assert [f.status for f in facts.features] == ["planned", "not-planned", "shipped"]
    assert facts.claims[0].evidence == "SLA section 4"
    level = facts.service_levels[0]
    assert (level.name, level.max.hours, level.max.business) == ("support response", 4, True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "features:\n  - name: SSO\n    status: soon\n",
            "features[0] ('SSO'): status: 'soon' is not one of",
        ),
        ("features:\n  - status: planned\n", "features[0]: 'name' is a required property"),
        (
            "claims:\n  - text: 99.9% uptime\n",
            "claims[0] ('99.9% uptime'): 'evidence' is a required",
        ),
        (
            "service_levels:\n  support_response: quickly\n",
            "service_levels.support_response: 'quickly' is not a duration like '4 business hours'",
        ),
        (
            "features:\n  - {name: SSO, status: planned}\n  - {name: Login, status: shipped, "
            "aliases: {en: [sso]}}\n",
            "features[1] ('Login'): alias 'sso' already names feature 'SSO'",
        ),
        ("features: [\n", "invalid YAML"),
        ("- just a list\n", "a facts file is a mapping"),
        ("colour: blue\n", "Additional properties are not allowed ('colour' was unexpected)"),
    ],
)
def test_bad_facts_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_facts(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_facts_file_exits_2_on_the_command_line(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("features:\n  - name: SSO\n    status: soon\n", encoding="utf-8")
    copy = tmp_path / "copy.md"
    copy.write_text("Hello.\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "promiselint", "check", "--facts", str(facts), str(copy)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"promiselint: error: {facts}: features[0] ('SSO'): status: 'soon' is not one of "
        "['shipped', 'beta', 'planned', 'not-planned']"
    ]


# --- features -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "mention"),
    [
        ("en", "Acme Cloud now supports SSO for every team.", "SSO"),
        ("en", "Every plan includes SAML logins.", "SAML logins"),
        ("en", "The Business plan, now with single sign-on.", "single sign-on"),
        ("en", "Automatic user provisioning is available today.", "Automatic user provisioning"),
        ("it", "Acme Cloud ora supporta l'accesso singolo.", "accesso singolo"),
        ("it", "Il piano Business include il provisioning automatico.", "provisioning automatico"),
    ],
)
def test_unreleased_feature_presented_as_available(
    engines: dict, lang: str, text: str, mention: str
) -> None:
    finding = only(lint(engines, lang, text), "facts.unreleased-feature")
    assert finding.text == mention
    assert finding.severity == Severity.error
    assert finding.category == "feature-promise"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "SSO is coming soon."),
        ("en", "Single sign-on is on our roadmap."),
        ("it", "L'accesso singolo è in arrivo."),
        ("it", "SSO sarà disponibile a breve."),
    ],
)
def test_planned_feature_promised_for_later(engines: dict, lang: str, text: str) -> None:
    findings = lint(engines, lang, text)
    finding = only(findings, "facts.planned-feature")
    assert finding.severity == Severity.warning
    assert "planned for 2027-Q2" in finding.message
    # The fact finding replaces the rule's own, which says less about the same promise.
    assert ids(findings) == ["facts.planned-feature"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "SCIM will be available in the next release."),
        ("it", "Il provisioning automatico sarà disponibile nella prossima versione."),
    ],
)
def test_not_planned_feature_promised(engines: dict, lang: str, text: str) -> None:
    finding = only(lint(engines, lang, text), "facts.not-planned-feature")
    assert finding.severity == Severity.error
    # in the copy's language (rules/<lang>/messages.yaml), naming the facts file's feature
    not_planned = {"en": "but SCIM provisioning is not planned", "it": "non è in programma"}
    assert not_planned[lang] in finding.message


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "We do not support SCIM."),
        ("en", "SSO is not available yet."),
        ("en", "Dark mode is now available and included on every plan."),
        ("en", "Read our guide to SSO."),
        ("it", "Non supportiamo SCIM."),
        ("it", "La modalità scura è disponibile."),
    ],
)
def test_no_feature_finding(engines: dict, lang: str, text: str) -> None:
    assert not [r for r in ids(lint(engines, lang, text)) if r.startswith("facts.")]


def test_planned_severity_follows_the_config(rules_dir: Path) -> None:
    config = Config(
        language="en",
        facts=FACTS,
        rule_dirs=(rules_dir,),
        severity=(("facts.planned-feature", Severity.error),),
    )
    findings = lint_text("SSO is coming soon.", config, filename="copy.txt")
    assert only(findings, "facts.planned-feature").severity == Severity.error
    ignoring = Config(
        language="en", facts=FACTS, rule_dirs=(rules_dir,), ignore=("facts.planned-feature",)
    )
    assert "facts.planned-feature" not in ids(
        lint_text("SSO is coming soon.", ignoring, filename="copy.txt")
    )


@pytest.mark.parametrize(
    ("lang", "text", "phrase"),
    [
        ("en", "Audit logs are coming soon.", "Audit logs"),
        ("en", "Coming soon: custom dashboards for every team.", "custom dashboards"),
        ("it", "I report personalizzati sono in arrivo.", "report personalizzati"),
    ],
)
def test_unknown_feature_in_a_promise(engines: dict, lang: str, text: str, phrase: str) -> None:
    findings = lint(engines, lang, text)
    finding = only(findings, "facts.unknown-feature")
    assert finding.text == phrase
    assert finding.severity == Severity.warning
    assert any(r.startswith("test.") for r in ids(findings))  # the rule's finding stays


def test_generic_words_are_no_unknown_feature(engines: dict) -> None:
    assert "facts.unknown-feature" not in ids(lint(engines, "en", "More features are coming soon."))


# --- approved claims ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "claim"),
    [
        ("en", "We guarantee 99.9% uptime.", "99.9% uptime"),
        ("it", "Garantiamo un uptime del 99,9% a tutti i clienti.", "uptime del 99,9%"),
    ],
)
def test_approved_claim_is_backed(
    engines: dict, rules_dir: Path, lang: str, text: str, claim: str
) -> None:
    without = make_engine(Config(language=lang, rule_dirs=(rules_dir,)))
    unbacked = lint_text(text, engine=without, filename="c.txt")
    assert unbacked
    # unbacked, an uptime figure is a service level too (LABELING.md): both findings go once backed
    assert "absolute-claim" in {f.category for f in unbacked}
    findings = lint(engines, lang, text)
    backed = only(findings, "facts.backed-claim")
    assert backed.text == claim
    assert backed.severity == Severity.info
    assert "SLA section 4" in backed.message
    assert ids(findings) == ["facts.backed-claim"]


def test_an_unrelated_absolute_claim_stays(engines: dict) -> None:
    findings = lint(engines, "en", "Results guaranteed, and 99.9% uptime.")
    assert "facts.backed-claim" in ids(findings)
    # the shipped and the test rule both match "guaranteed"; one finding stands for both
    (unbacked,) = [f for f in findings if f.rule_id != "facts.backed-claim"]
    assert (unbacked.category, unbacked.text) == ("absolute-claim", "guaranteed")


# --- service levels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "duration"),
    [
        ("en", "Our team will reply within 1 hour.", "1 hour"),
        ("en", "Expect a response in 2 hours, day or night.", "2 hours"),
        ("en", "Guaranteed 30-minute response time.", "30-minute"),
        ("it", "Rispondiamo entro un'ora.", "un'ora"),
        ("it", "Tempo di risposta: 2 ore lavorative.", "2 ore lavorative"),
    ],
)
def test_faster_than_the_service_level(engines: dict, lang: str, text: str, duration: str) -> None:
    finding = only(lint(engines, lang, text), "facts.exceeds-service-level")
    assert finding.text == duration
    assert finding.severity == Severity.error
    assert finding.category == "delivery-commitment"
    assert "4 business hours" in finding.message


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "We reply within 4 business hours."),
        ("en", "We reply within 1 business day."),
        ("en", "We answer every ticket within 24h."),
        ("en", "We never promise to reply within 1 hour."),
        ("it", "Rispondiamo entro 2 giorni lavorativi."),
    ],
)
def test_within_the_service_level(engines: dict, lang: str, text: str) -> None:
    assert "facts.exceeds-service-level" not in ids(lint(engines, lang, text))


@pytest.mark.parametrize(
    ("lang", "text", "hours", "iso"),
    [
        ("en", "1 hour", 1, "PT1H"),
        ("en", "4 business hours", 4, "PT4H (business)"),
        ("en", "2 business days", 16, "P2D (business)"),
        ("en", "24h", 24, "PT24H"),
        ("en", "a 48-hour window", 48, "PT48H"),
        ("en", "14 days", 336, "P14D"),
        ("en", "an hour", 1, "PT1H"),
        ("it", "3 giorni lavorativi", 24, "P3D (business)"),
        ("it", "un'ora", 1, "PT1H"),
    ],
)
def test_durations(lang: str, text: str, hours: float, iso: str) -> None:
    [duration] = find_durations(text, lang)
    assert (duration.hours, duration.describe()) == (hours, iso)


def test_no_durations_in_ordinary_words() -> None:
    assert find_durations("and ah, hand in hand", "en") == []
    assert parse_duration("soon") is None


@pytest.mark.parametrize(
    "text",
    [
        "SSO support is coming soon for the Team plan.",
        "Native SSO (SAML and OIDC) will be available in Q2 2027.",
    ],
)
def test_an_announced_feature_is_never_presented_as_available(engines: dict, text: str) -> None:
    findings = lint(engines, "en", text)
    assert "facts.unreleased-feature" not in ids(findings)
    assert only(findings, "facts.planned-feature").text == "SSO"


def test_the_shipped_pricing_page_has_no_false_error() -> None:
    pricing = Path(__file__).resolve().parent.parent / "fixtures" / "pricing.md"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "promiselint",
            "check",
            str(pricing),
            "--facts",
            str(FACTS),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(run.stdout)["findings"]
    on_sso_line = {f["rule_id"] for f in findings if f["line"] == 10}
    assert "facts.unreleased-feature" not in on_sso_line
    assert "facts.planned-feature" in on_sso_line
