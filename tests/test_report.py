"""The promise inventory: HTML (self-contained, escaped) and CSV, from the real pipeline."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from promiselint.api import lint_paths
from promiselint.config import Config
from promiselint.findings import Finding, Location, Severity
from promiselint.report import Inventory, build_inventory, normalise, render
from promiselint.report.csv import COLUMNS

FACTS = Path(__file__).resolve().parent.parent / "fixtures" / "promiselint-facts.yaml"
TODAY = dt.date(2026, 11, 23)
COPY = (
    "<script>alert(1)</script> We guarantee results & more.\n\n"
    "SSO is coming soon. Our support team will reply within 1 hour.\n\n"
    '=HYPERLINK("http://x") is guaranteed to work.\n'
)


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> Inventory:
    folder = tmp_path_factory.mktemp("copy")
    (folder / "landing.txt").write_text(COPY, encoding="utf-8")
    (folder / "plan.md").write_text("A 30-week implementation.\n", encoding="utf-8")
    (folder / "deck.md").write_text("An 18-week implementation.\n", encoding="utf-8")
    result = lint_paths([str(folder)], Config(language="en", facts=FACTS))
    return build_inventory(result, TODAY)


def test_html_escapes_document_text(inventory: Inventory) -> None:
    page = render(inventory, "html")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "results &amp; more" in page


def test_html_is_self_contained(inventory: Inventory) -> None:
    page = render(inventory, "html")
    assert page.startswith("<!DOCTYPE html>")
    for external in ("<link", "src=", "url(", "@import", 'http-equiv="refresh"'):
        assert external not in page
    assert "default-src 'none'" in page  # a browser would block anything that slipped through


def test_html_shows_counts_and_highlights(inventory: Inventory) -> None:
    page = render(inventory, "html")
    assert "Feature promises" in page and "Delivery commitments" in page
    assert '<mark title="warning: &#x27;SSO&#x27; is promised' in page
    assert page.count('<section id="doc-') == 3
    assert "PT1H" in page


def test_csv_columns_and_rows(inventory: Inventory) -> None:
    rows = list(csv.DictReader(io.StringIO(render(inventory, "csv"))))
    assert tuple(rows[0]) == COLUMNS
    by_rule = {row["rule_id"]: row for row in rows}
    sla = by_rule["facts.exceeds-service-level"]
    assert (sla["category"], sla["severity"], sla["text"], sla["normalised"]) == (
        "delivery-commitment",
        "error",
        "1 hour",
        "PT1H",
    )
    assert sla["path"].endswith("landing.txt") and sla["line"] == "3"
    assert by_rule["facts.planned-feature"]["severity"] == "warning"
    assert {"consistency.conflict", "facts.backed-claim"} - {row["rule_id"] for row in rows} == {
        "facts.backed-claim"
    }  # no approved claim in this copy
    # Every severity is in the inventory, grouped by document.
    assert [row["path"] for row in rows] == sorted(row["path"] for row in rows)


def test_csv_defuses_formulas(inventory: Inventory) -> None:
    rows = list(csv.DictReader(io.StringIO(render(inventory, "csv"))))
    sentences = [row["sentence"] for row in rows if "HYPERLINK" in row["sentence"]]
    assert sentences and all(sentence.startswith("'=") for sentence in sentences)


def _finding(text: str, sentence: str, lang: str) -> Finding:
    return Finding(
        "delivery.date",
        "delivery-commitment",
        Severity.warning,
        "m",
        text,
        Location("a.md", 1, 1, 1, 2),
        sentence,
        lang,
    )


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("by 15 March 2027", "en", "2027-03-15"),
        ("on 3 April", "en", "2027-04-03"),  # the sentence says "on 3 April 2027"
        ("live by March 15", "en", "2027-03-15 (year assumed)"),
        ("on December 1st", "en", "2026-12-01 (year assumed)"),
        ("entro il 3 aprile 2027", "it", "2027-04-03"),
        ("within 14 days", "en", "P14D"),
        ("24h", "en", "PT24H"),
        ("2 business days", "en", "P2D (business)"),
        ("entro 48 ore", "it", "PT48H"),
    ],
)
def test_normalised_dates_and_durations(text: str, lang: str, expected: str) -> None:
    sentence = f"The pilot goes live {text} 2027." if text == "on 3 April" else f"Done {text}."
    assert normalise(_finding(text, sentence, lang), TODAY) == expected


def test_report_command_writes_html_and_csv(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(COPY, encoding="utf-8")
    out = tmp_path / "report.html"
    command = [sys.executable, "-m", "promiselint", "report", "--lang", "en", "--facts", str(FACTS)]
    run = subprocess.run([*command, str(copy), "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "&lt;script&gt;" in out.read_text(encoding="utf-8")
    run = subprocess.run([*command, "--format", "csv", str(copy)], capture_output=True, text=True)
    assert run.returncode == 0
    assert run.stdout.splitlines()[0] == ",".join(COLUMNS)
