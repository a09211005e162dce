"""Diagnostics latency of `promiselint server` after an edit to a 300-line Markdown file.

    python benchmarks/bench_lsp.py [--edits 30]

Drives the real server over stdio with pygls's LSP client. The document is opened (the first
diagnostics wait for spaCy and the rules: reported as "first document"), then edited one word at
a time; each figure is the time from sending `didChange` to receiving the diagnostics for that
version. Two kinds of edit:

- single: an edit after a quiet spell (the server lints it at once) -- the target is <= 150 ms;
- burst: five keystrokes 50 ms apart, timed from the last one (the server waits for the burst
  to end: the debounce, DEBOUNCE_SECONDS, then lints once).

Wall times depend on what else the machine runs; the server's CPU time per single edit (read from
/proc, so Linux only) does much less, and is printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from promiselint.lsp.server import DEBOUNCE_SECONDS

SENTENCES = [
    "Our onboarding team will have your workspace live by June 30.",
    "Every report can be exported to a spreadsheet or shared with a link.",
    "Support replies within 4 hours on business days.",
    "The mobile app is coming soon for tablets.",
    "Dashboards refresh every few minutes, depending on the data source.",
    "Your data is encrypted at rest and in transit.",
    "We typically finish a migration in about six weeks.",
    "Results are guaranteed for the first quarter.",
    "Teams can invite guests with read-only access.",
]


def page(lines: int = 300) -> str:
    """A Markdown page of ``lines`` lines: headings, paragraphs of one line each, blank lines."""
    chooser = random.Random(7)
    out: list[str] = []
    while len(out) < lines:
        if len(out) % 30 == 0:
            out.append(f"## Section {len(out) // 30 + 1}")
        else:
            out.append(" ".join(chooser.sample(SENTENCES, 2)))
        out.append("")
    return "\n".join(out[:lines]) + "\n"


class Timer:
    """Arrival time of the diagnostics of each document version."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.event = asyncio.Event()

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            self.arrived[params.version] = time.perf_counter()
            self.event.set()

    async def wait(self, version: int, timeout: float = 120) -> float:
        deadline = time.perf_counter() + timeout
        while version not in self.arrived:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(deadline - time.perf_counter(), 0.01))
        return self.arrived[version]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _edit(uri: str, version: int, line: int, text: str) -> types.DidChangeTextDocumentParams:
    at = types.Position(line=line, character=0)
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[
            types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=text)
        ],
    )


async def run(edits: int) -> None:
    timer = Timer()
    client = LanguageClient("promiselint-bench", "1")
    client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(lambda params: timer.record(params))
    await client.start_io(sys.executable, "-m", "promiselint", "server")
    with tempfile.TemporaryDirectory(prefix="promiselint-lsp-") as folder:
        root = Path(folder)
        document = root / "plans.md"
        text = page()
        document.write_text(text, encoding="utf-8")
        uri = document.as_uri()
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
        )
        client.initialized(types.InitializedParams())
        start = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        first = await timer.wait(1) - start
        chooser = random.Random(11)
        version = 1
        server_pid = client._server.pid  # the subprocess pygls started (no public accessor)
        single: list[float] = []
        cpu: list[float] = []
        for _ in range(edits):
            await asyncio.sleep(DEBOUNCE_SECONDS + 0.1)  # a quiet spell before the edit
            version += 1
            line = chooser.randrange(2, text.count("\n"), 2)  # a paragraph line
            used = _cpu_seconds(server_pid)
            sent = time.perf_counter()
            client.text_document_did_change(_edit(uri, version, line, "Now "))
            single.append(await timer.wait(version) - sent)
            cpu.append(_cpu_seconds(server_pid) - used)
        burst: list[float] = []
        for _ in range(max(edits // 5, 3)):
            await asyncio.sleep(DEBOUNCE_SECONDS + 0.1)
            for _key in range(5):
                version += 1
                client.text_document_did_change(_edit(uri, version, 1, "x"))
                sent = time.perf_counter()
                await asyncio.sleep(0.05)
            burst.append(await timer.wait(version) - sent)
        await client.shutdown_async(None)
        client.exit(None)
    await client.stop()
    lines = text.count("\n")
    print(f"document: {lines} lines of Markdown; debounce {DEBOUNCE_SECONDS * 1000:.0f} ms")
    print(f"first document (rules, spaCy, pipeline): {first * 1000:7.0f} ms")
    for name, figures in (
        ("single edit", single),
        ("  its server CPU time", cpu),
        ("burst, after last key", burst),
    ):
        ordered = sorted(figures)
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        print(
            f"{name:<22} median {statistics.median(figures) * 1000:5.0f} ms, "
            f"p90 {p90 * 1000:5.0f} ms, max {ordered[-1] * 1000:5.0f} ms ({len(figures)} runs)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(args.edits))
    return 0


if __name__ == "__main__":
    sys.exit(main())
