"""Throughput of `promiselint check` on about a million words of generated Markdown copy.

    python benchmarks/bench_throughput.py [--words 1000000] [--runs 3] [--seed 7] [--keep DIR]

The corpus is generated reproducibly (seeded) from the project's own text: the sentences of
fixtures/ (Markdown, text and HTML files) and the rule examples of every rules/<lang>/*.yaml,
mixed so that roughly one sentence in ten is a flagged example, as in real copy. It is written
as many Markdown files (headings, paragraphs, bullet lists; one language per file) into a temp
dir, and then linted by the real CLI in a subprocess:

- promiselint, one process and --jobs 2 (no cache), median wall time of --runs runs;
- a plain compiled-regex scan of the rules' phrase lists and literal pattern words (the floor:
  what any linter must at least pay to read the files and look for the words);
- proselint (when installed: `pip install -e .[bench]`), on a sample of the files if it is slow;
- the peak memory (max RSS) of the single-process run;
- each language's files alone, with `--lang` fixed (words/s per language).

Nothing here reads /work/shared/corpus: the benchmark runs on a fresh clone.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE_END = re.compile(r"(?<=[.!?؟。])\s+")
_MARKUP = re.compile(r"<[^>]+>|^[#>*\-+|\s]+|[*_`\[\]]")
_FLAG_SHARE = 0.1
_WORDS_PER_FILE = 1000


def _fixture_sentences() -> Iterator[tuple[str, str]]:
    """(language, sentence) from fixtures/: the language is a path part such as `it` or `ru`
    when there is one, else "en"."""
    fixtures = ROOT / "fixtures"
    languages = {p.name for p in (ROOT / "rules").iterdir() if p.is_dir()}
    for path in sorted(fixtures.rglob("*")):
        if path.suffix not in {".md", ".txt", ".html"} or not path.is_file():
            continue
        parts = set(path.relative_to(fixtures).parts[:-1]) | set(path.stem.split("_"))
        lang = next(iter(sorted(parts & languages)), "en")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            line = _MARKUP.sub("", line).strip()
            for sentence in _SENTENCE_END.split(line):
                if len(sentence.split()) >= 4:
                    yield lang, sentence


def load_sources() -> dict[str, dict[str, list[str]]]:
    """Sentences by language and kind ("flag" or "plain")."""
    sources: dict[str, dict[str, list[str]]] = {}
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        if path.name == "messages.yaml":  # a language's words for the rules, no examples
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        bucket = sources.setdefault(path.parent.name, {"flag": [], "plain": []})
        for rule in data.get("rules", []):
            examples = rule.get("examples", {})
            # An example is a sentence, or {text, match} when it names the expected match.
            for kind, key in (("flag", "flag"), ("plain", "pass")):
                bucket[kind].extend(
                    example["text"] if isinstance(example, dict) else example
                    for example in examples.get(key, [])
                )
    for lang, sentence in _fixture_sentences():
        sources.setdefault(lang, {"flag": [], "plain": []})["plain"].append(sentence)
    return {lang: kinds for lang, kinds in sources.items() if kinds["plain"] or kinds["flag"]}


def _sentence(rng: random.Random, kinds: dict[str, list[str]]) -> str:
    if kinds["flag"] and (rng.random() < _FLAG_SHARE or not kinds["plain"]):
        return rng.choice(kinds["flag"])
    return rng.choice(kinds["plain"])


def _document(rng: random.Random, kinds: dict[str, list[str]]) -> tuple[str, int]:
    lines: list[str] = []
    words = 0
    while words < _WORDS_PER_FILE:
        shape = rng.random()
        if shape < 0.15:
            block = f"## {_sentence(rng, kinds).rstrip('.!?')}"
        elif shape < 0.35:
            block = "\n".join(f"- {_sentence(rng, kinds)}" for _ in range(rng.randint(2, 5)))
        else:
            block = " ".join(_sentence(rng, kinds) for _ in range(rng.randint(3, 7)))
        lines.append(block)
        words += len(block.split())
    return "\n\n".join(lines) + "\n", words


def generate(directory: Path, total_words: int, seed: int) -> tuple[int, int, dict[str, int]]:
    """Write the corpus; returns (files, words, files per language)."""
    rng = random.Random(seed)
    sources = load_sources()
    languages = sorted(sources)
    words = files = 0
    per_lang = dict.fromkeys(languages, 0)
    while words < total_words:
        lang = languages[files % len(languages)]
        text, count = _document(rng, sources[lang])
        folder = directory / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"page-{files:05d}.md").write_text(text, encoding="utf-8")
        words += count
        files += 1
        per_lang[lang] += 1
    return files, words, per_lang


def _run(command: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (MB, the child and the workers it waited for) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def _median_run(command: list[str], runs: int) -> tuple[float, int]:
    results = [_run(command) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def _literal_words(pattern: list[dict]) -> Iterator[str]:
    for token in pattern:
        for attr in ("LOWER", "NORM", "ORTH", "LEMMA", "TEXT"):
            value = token.get(attr)
            if isinstance(value, str):
                yield value
            elif isinstance(value, dict):
                yield from (v for v in value.get("IN", []) if isinstance(v, str))


def regex_floor(directory: Path) -> tuple[float, int]:
    """Seconds to read every file, split it into words with one compiled regex and look each
    word up in the set of the rules' phrase words and literal pattern words: the least any
    linter of these phrase lists must do (a regex alternation of thousands of words is slower
    than this in Python's re, which does not build a trie)."""
    words: set[str] = set()
    for path in (ROOT / "rules").glob("*/*.yaml"):
        if path.name == "messages.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules", []):
            words.update(w.lower() for phrase in rule.get("phrases", []) for w in phrase.split())
            for pattern in rule.get("patterns", []):
                words.update(w.lower() for w in _literal_words(pattern))
    word = re.compile(r"\w+|[^\w\s]")
    start = time.perf_counter()
    hits = 0
    for path in sorted(directory.rglob("*.md")):
        hits += sum(1 for w in word.findall(path.read_text(encoding="utf-8").lower()) if w in words)
    return time.perf_counter() - start, hits


def _proselint(directory: Path, total_words: int, budget: float) -> tuple[float, int] | None:
    """proselint's words/s and how many words it was measured on (a sample when it is slow)."""
    executable = shutil.which("proselint", path=str(Path(sys.executable).parent)) or shutil.which(
        "proselint"
    )
    if executable is None:
        return None
    files = sorted(directory.rglob("*.md"))
    sample = files[:: max(1, len(files) // 8)]  # every language, a few files
    elapsed, _ = _run([executable, "check", *map(str, sample)])
    sample_words = sum(len(p.read_text(encoding="utf-8").split()) for p in sample)
    if elapsed * len(files) / len(sample) < budget:
        elapsed, _ = _run([executable, "check", str(directory)])
        sample_words = total_words
    return sample_words / elapsed, sample_words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument(
        "--proselint-budget",
        type=float,
        default=120.0,
        help="seconds proselint may take on the whole corpus, else a sample",
    )
    args = parser.parse_args()

    directory = args.keep or Path(tempfile.mkdtemp(prefix="promiselint-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        files, words, per_lang = generate(directory, args.words, args.seed)
        print(
            f"corpus: {files} Markdown files, {words:,} words "
            f"({', '.join(f'{lang}: {n}' for lang, n in per_lang.items())}) in {directory}"
        )
        check = [
            sys.executable,
            "-m",
            "promiselint",
            "check",
            "--format",
            "json",
            "--no-cache",
            str(directory),
        ]
        rows: list[tuple[str, float, str]] = []
        single, peak = _median_run([*check, "--jobs", "1"], args.runs)
        rows.append(("promiselint, 1 process", words / single, f"{single:.1f} s, peak {peak} MB"))
        double, _ = _median_run([*check, "--jobs", "2"], args.runs)
        rows.append(("promiselint --jobs 2", words / double, f"{single / double:.2f}x one process"))
        floor, hits = regex_floor(directory)
        rows.append(
            (
                "regex floor (rule words)",
                words / floor,
                f"{hits} hits; promiselint {floor and single / floor:.1f}x slower",
            )
        )
        measured = _proselint(directory, words, args.proselint_budget)
        if measured is None:
            rows.append(("proselint", 0.0, "not installed (pip install -e .[bench])"))
        else:
            rate, sample = measured
            note = "whole corpus" if sample == words else f"sample of {sample:,} words"
            rows.append(("proselint", rate, f"{note}; promiselint is {words / single / rate:.1f}x"))
        for lang in sorted(per_lang):
            # one language's files with the language fixed: what its rules and pipeline cost
            folder = directory / lang
            lang_words = sum(
                len(path.read_text(encoding="utf-8").split()) for path in folder.rglob("*.md")
            )
            seconds, _ = _median_run(
                [*check[:-1], "--jobs", "1", "--lang", lang, str(folder)], args.runs
            )
            rows.append(
                (
                    f"  {lang} only, --lang {lang}",
                    lang_words / seconds,
                    f"{lang_words:,} words in {seconds:.1f} s",
                )
            )
        print(f"\n| {'run':<28} | {'words/s':>10} | notes")
        print(f"|{'-' * 30}|{'-' * 12}|{'-' * 40}")
        for name, rate, note in rows:
            print(f"| {name:<28} | {rate:>10,.0f} | {note}")
    finally:
        if args.keep is None:
            shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
