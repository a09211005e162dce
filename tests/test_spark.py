"""promiselint.spark on a real local Spark (local[2]): the same findings as `promiselint check`.

Needs pyspark (`pip install -e '.[spark]'`) and Java; .ci/run installs both.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from promiselint.config import Config, load_config
from promiselint.errors import ConfigError, PromiselintError
from tests.conftest import FIXTURES

if shutil.which("java") is None:
    pytest.skip(
        "no `java` on PATH: Spark needs a JRE (.ci/run installs openjdk-17-jre-headless)",
        allow_module_level=True,
    )
pytest.importorskip("pyspark", reason="pyspark is not installed: pip install -e '.[spark]'")

from pyspark.sql import SparkSession, functions

from promiselint.spark import COLUMNS, lint_documents

FACTS = FIXTURES / "promiselint-facts.yaml"
COLLECTIONS = ("alpha", "beta")

# Our own copy, per language: promises ("flag") and plain sentences. "{n}" becomes a number, so
# documents of one collection disagree about durations (the consistency check's subject).
COPY = {
    "en": {
        "flag": [
            "Your data migration is guaranteed to finish without a single error.",
            "Onboarding takes {n} weeks for every new customer.",
            "We answer every ticket within {n} hours, day or night.",
            "Our dashboard is the fastest reporting tool on the market.",
            "SSO is coming soon to every plan.",
            "The new release now supports SCIM for all accounts.",
        ],
        "plain": [
            "We usually answer within a day.",
            "The team meets on Tuesdays to plan the community garden.",
            "Invoices are sent by email at the end of each month.",
            "Our office is next to the old railway station.",
        ],
    },
    "it": {
        "flag": [
            "Garantiamo risultati immediati a ogni cliente del negozio.",
            "Il nostro servizio è il migliore del mercato.",
        ],
        "plain": [
            "Il nostro ufficio si trova vicino alla stazione.",
            "Le fatture arrivano per email alla fine del mese.",
        ],
    },
    "es": {
        "flag": [
            "Garantizamos resultados inmediatos para cada tienda.",
            "Nuestro soporte responde en menos de {n} horas.",
        ],
        "plain": [
            "La oficina está junto a la estación de tren.",
            "Las facturas se envían por correo al final del mes.",
        ],
    },
    "fr": {
        "flag": [
            "Nous garantissons des résultats immédiats pour chaque boutique.",
            "La livraison se fait sous {n} heures partout en France.",
        ],
        "plain": [
            "Notre bureau se trouve près de la gare.",
            "Les factures partent par courriel à la fin du mois.",
        ],
    },
    "de": {
        "flag": [
            "Wir garantieren sofortige Ergebnisse für jeden Laden.",
            "Die Lieferung erfolgt innerhalb von {n} Stunden.",
        ],
        "plain": [
            "Unser Büro liegt direkt neben dem Bahnhof.",
            "Die Rechnungen kommen am Monatsende per E-Mail.",
        ],
    },
    "ru": {
        "flag": [
            "Мы гарантируем мгновенный результат для каждого магазина.",
            "Доставка займёт не более {n} дней.",
        ],
        "plain": [
            "Наш офис находится возле вокзала.",
            "Счета приходят по почте в конце месяца.",
        ],
    },
    "ar": {
        "flag": ["نحن نضمن نتائج فورية لكل متجر.", "سيتم التسليم خلال {n} ساعة."],
        "plain": ["مكتبنا قريب من محطة القطار.", "نرسل الفواتير بالبريد في نهاية كل شهر."],
    },
}
_LATIN_1 = ("en", "it", "es", "fr", "de")  # what fpdf2's core fonts can write


def _paragraphs(rng: random.Random, lang: str) -> list[str]:
    copy = COPY[lang]
    chosen = rng.sample(copy["flag"], k=min(2, len(copy["flag"]))) + rng.sample(copy["plain"], 2)
    rng.shuffle(chosen)
    return [sentence.replace("{n}", str(rng.choice((2, 4, 6, 12)))) for sentence in chosen]


def _write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


def _write_pdf(path: Path, paragraphs: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(4)
    pdf.output(str(path))


def _write_document(folder: Path, number: int, rng: random.Random) -> None:
    lang = list(COPY)[number % len(COPY)]
    paragraphs = _paragraphs(rng, lang)
    stem = folder / f"doc-{number:03d}-{lang}"
    if number % 10 == 3 and lang in _LATIN_1:
        _write_docx(stem.with_suffix(".docx"), paragraphs)
    elif number % 12 == 5 and lang in _LATIN_1:
        _write_pdf(stem.with_suffix(".pdf"), paragraphs)
    elif number % 4 == 1:
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        html = f"<html lang='{lang}'><head><title>Page {number}</title></head><body>{body}</body>"
        stem.with_suffix(".html").write_text(html + "</html>\n", encoding="utf-8")
    elif number % 4 == 2:
        stem.with_suffix(".txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    else:
        if number % 7 == 0:  # inline suppressions: one that works, one naming no rule
            paragraphs.insert(0, "<!-- promiselint: disable-next-line absolute.guarantee -->")
            paragraphs.append("<!-- promiselint: disable-next-line absolute.guaranty -->")
        text = f"# Page {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        stem.with_suffix(".md").write_text(text, encoding="utf-8")


def write_archive(root: Path, documents: int = 200, seed: int = 17) -> None:
    """``documents`` generated documents in two collections (folders), the shipped fixtures in
    the first, and in each some files that cannot be read and one that is not a document."""
    rng = random.Random(seed)
    folders = [root / name for name in COLLECTIONS]
    for folder in folders:
        folder.mkdir(parents=True)
    for number in range(documents):
        _write_document(folders[number % 2], number, rng)
    for fixture in FIXTURES.iterdir():
        if fixture.suffix in {".md", ".html", ".docx", ".pdf"}:
            shutil.copy(fixture, folders[0] / fixture.name)
    (folders[0] / "broken.docx").write_bytes(b"this is not a zip archive")
    (folders[1] / "corrupt.pdf").write_bytes(b"%PDF-1.7\n nothing of a PDF follows")
    (folders[1] / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folders[1] / "budget.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet, not read")


def cli_report(folder: Path, *options: str) -> dict:
    """`promiselint check --format json` on one folder, as the JSON it printed."""
    command = [
        sys.executable,
        "-m",
        "promiselint",
        "check",
        "--format",
        "json",
        "--no-cache",
        *options,
        str(folder),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1, 2), done.stderr
    return json.loads(done.stdout)


def _local(text: str | None) -> str | None:
    """A path or message as Spark gives it ("file:/tmp/..."), as the CLI gives it."""
    return text.replace("file:/", "/") if text is not None else None


def spark_report(rows: list) -> tuple[list[dict], list[dict]]:
    """The findings (keyed as in the JSON report, absent optional keys left out) and errors."""
    findings, errors = [], []
    for row in rows:
        data = {
            name: _local(value) if isinstance(value, str) else value
            for name, value in row.asDict().items()
        }
        if data.pop("error") is not None:
            errors.append({"path": data["path"], "message": _local(row.error)})
            assert all(data[name] is None for name in COLUMNS if name not in ("path", "error"))
            continue
        for optional in ("page", "paragraph", "where", "conflicts_with", "confidence"):
            if data[optional] is None:
                del data[optional]
        findings.append(data)
    return findings, errors


def _sorted(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("promiselint-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _documents(spark, root: Path):
    """The archive as binaryFile reads it, with the collection (the folder) as a column."""
    files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(str(root))
    return files.withColumn("collection", functions.regexp_extract("path", r"/(\w+)/[^/]+$", 1))


def test_spark_findings_equal_the_cli_json_per_collection(spark, tmp_path: Path) -> None:
    write_archive(tmp_path)
    rows = lint_documents(
        _documents(spark, tmp_path).repartition(4), Config(facts=FACTS), group_column="collection"
    ).collect()
    findings, errors = spark_report(rows)
    expected_findings, expected_errors = [], []
    for name in COLLECTIONS:
        report = cli_report(tmp_path / name, "--facts", str(FACTS))
        expected_findings += report["findings"]
        expected_errors += report["errors"]
    assert _sorted(errors) == _sorted(expected_errors)
    assert len(findings) == len(expected_findings)
    assert _sorted(findings) == _sorted(expected_findings)
    # The comparison covered what matters: every format, the facts, suppressions, conflicts
    # within a collection (never across the two), and the bad files.
    rule_ids = {finding["rule_id"] for finding in findings}
    assert {"facts.planned-feature", "suppression.unknown-rule", "consistency.conflict"} <= rule_ids
    assert {Path(f["path"]).suffix for f in findings} == {".md", ".txt", ".html", ".docx", ".pdf"}
    assert set(COPY) <= {finding["lang"] for finding in findings}
    for finding in findings:
        if "conflicts_with" in finding:
            assert Path(finding["conflicts_with"]).parent == Path(finding["path"]).parent
    assert sorted(Path(error["path"]).name for error in errors) == [
        "binary.txt",
        "broken.docx",
        "corrupt.pdf",
    ]


def test_config_select_ignore_and_severities_as_on_the_command_line(spark, tmp_path) -> None:
    write_archive(tmp_path / "archive", documents=40)
    folder = tmp_path / "archive" / "alpha"
    config_file = tmp_path / ".promiselint.yaml"
    config_file.write_text(
        "select: [absolute-claim, delivery-commitment]\n"
        "ignore: [absolute.superlative]\n"
        "severity: {delivery-commitment: error}\n"
        "min_severity: info\n"
        "exclude: ['*-ru.md']\n",
        encoding="utf-8",
    )
    documents = _documents(spark, tmp_path / "archive").where("collection = 'alpha'")
    config = load_config(config_file)
    findings, _ = spark_report(lint_documents(documents, config, "collection").collect())
    expected = cli_report(folder, "--config", str(config_file))["findings"]
    assert _sorted(findings) == _sorted(expected)
    categories = {f["category"] for f in findings}
    assert {"absolute-claim", "delivery-commitment"} <= categories
    assert "feature-promise" not in categories
    assert "error" in {f["severity"] for f in findings if f["category"] == "delivery-commitment"}
    assert "absolute.superlative" not in {f["rule_id"] for f in findings}
    assert not any(f["path"].endswith("-ru.md") for f in findings)


def test_conflicts_are_compared_within_a_group_or_a_document_never_across_the_archive(
    spark, tmp_path: Path
) -> None:
    pages = {
        "a/short.md": "Onboarding takes 2 weeks.\n",
        "a/long.md": "Onboarding takes 6 weeks.\n",
        "b/both.md": "Onboarding takes 3 weeks.\n\nLater on: onboarding takes 9 weeks.\n",
    }
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    documents = _documents(spark, tmp_path)

    def conflicted(group_column: str | None) -> set[str]:
        rows = lint_documents(documents, group_column=group_column).collect()
        return {Path(row.path).name for row in rows if row.rule_id == "consistency.conflict"}

    assert conflicted("collection") == {"short.md", "long.md", "both.md"}
    assert conflicted(None) == {"both.md"}


def test_each_executor_process_builds_one_engine_for_many_partitions(spark, tmp_path) -> None:
    for number in range(16):
        (tmp_path / f"page-{number}.md").write_text(
            "We answer every ticket within 2 hours.\n", encoding="utf-8"
        )
    documents = _documents(spark, tmp_path).repartition(8)
    config = Config(ignore=("absolute.superlative",))  # an engine no other test builds

    def engines(batches):
        # In the same kind of Python worker as the lint (Arrow), which RDD tasks do not reuse.
        import pandas as pd

        from promiselint import spark as module

        for _ in batches:
            built = [
                (id(engine), sorted(engine._compiled))
                for engine in module._ENGINES.values()
                if engine.policy.ignore == {"absolute.superlative"}
            ]
            yield pd.DataFrame({"pid": [os.getpid()], "built": [json.dumps(built)]})

    def engines_per_process() -> dict[int, list]:
        probes = spark.range(8).repartition(8).mapInPandas(engines, "pid long, built string")
        return {row.pid: json.loads(row.built) for row in probes.collect()}

    assert lint_documents(documents, config).count() == 16
    first = engines_per_process()
    assert lint_documents(documents, config).count() == 16
    # Eight partitions, two runs: each worker process built one engine and kept it.
    assert first == engines_per_process()
    assert all(len(built) == 1 for built in first.values()), first
    assert all(built[0][1] == ["en"] for built in first.values()), first  # its pipeline too


def test_bad_input_is_one_error_before_any_task(spark, tmp_path: Path) -> None:
    documents = spark.createDataFrame([("a.md", b"text")], "path string, body binary")
    with pytest.raises(PromiselintError, match="no column 'content'"):
        lint_documents(documents)
    documents = spark.createDataFrame([("a.md", b"text")], "path string, content binary")
    with pytest.raises(PromiselintError, match="no column 'collection'"):
        lint_documents(documents, group_column="collection")
    with pytest.raises(ConfigError, match="unknown rule id"):
        lint_documents(documents, Config(select=("absolute.nonexistent",)))
