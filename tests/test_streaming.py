"""Large Markdown files are read part by part: the same segments at the same positions, with
memory bounded by the part, not by the file."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from promiselint import streaming
from promiselint.api import read_segments
from promiselint.cli import main
from promiselint.documents.markdown import read_markdown

# Markdown blocks, including those that hold blank lines (fences, comments, <pre>), so that
# every cut the splitter may make is tried against them.
_WORDS = st.text(st.sampled_from("abcdefg ABC.,!?-"), min_size=1, max_size=30)
_BLOCKS = st.one_of(
    _WORDS,
    _WORDS.map(lambda words: f"# {words}"),
    _WORDS.map(lambda words: f"- {words}\n\n  {words}"),
    _WORDS.map(lambda words: f"> {words}\n>\n> {words}"),
    _WORDS.map(lambda words: f"```\n{words}\n\n{words}\n```"),
    _WORDS.map(lambda words: f"~~~~ text\n{words}\n\n```\n\n~~~~"),
    _WORDS.map(lambda words: f"<!-- {words}\n\n{words} -->"),
    _WORDS.map(lambda words: f"<pre>\n{words}\n\n{words}\n</pre>"),
    _WORDS.map(lambda words: f"    {words}\n\n    {words}"),
    _WORDS.map(lambda words: f"{words}\n===\n"),
    _WORDS.map(lambda words: f"| a | b |\n|---|---|\n| {words} | x |"),
    st.just("---\ntitle: x\n\nmore: y\n---"),
)
DOCUMENTS = st.lists(_BLOCKS, max_size=25).map("\n\n".join)


def segments(items: object) -> list[tuple[str, list[tuple[int, int]]]]:
    """Each segment's text and the source position of every character in it."""
    return [
        (item.text, [item.position(offset) for offset in range(len(item.text))])
        for item in items
        if hasattr(item, "runs")
    ]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.integers(min_value=1, max_value=200))
def test_parts_read_like_the_whole_file(text: str, part_chars: int) -> None:
    data = text.encode("utf-8")
    whole = segments(read_markdown(io.BytesIO(data)))
    in_parts = segments(streaming.markdown_in_parts(io.BytesIO(data), read_markdown, part_chars))
    assert in_parts == whole


def _large_markdown(paragraphs: int) -> str:
    sentence = "Our team drafts each page with you, and reviews it before launch. "
    return "".join(f"## Part {n}\n\n{sentence * 6}\n\n- {sentence}\n\n" for n in range(paragraphs))


def test_memory_is_bounded_by_the_part_not_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _large_markdown(2000).encode("utf-8")  # about 1.2 MB
    monkeypatch.setattr(streaming, "PART_CHARS", 50_000)
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_segments("large.md", io.BytesIO(data)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 6000
    # Parsing the whole file at once peaked at about 20 MB; a 50,000-character part needs ~1.
    assert peak < 6 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_findings_after_the_first_part_have_their_true_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "PART_CHARS", 10_000)
    text = (
        _large_markdown(200)
        + "```\ncode\n\nResults guaranteed in code.\n```\n\nResults guaranteed.\n"
    )
    page = tmp_path / "large.md"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--lang", "en", "--format", "json", str(page)]
    )
    findings = json.loads(result.stdout)["findings"]
    assert [(f["line"], f["column"], f["text"]) for f in findings] == [
        (text.count("\n"), 9, "guaranteed")
    ]
