"""`promiselint server` driven over stdio by a real LSP client (pytest-lsp): diagnostics on open
and change, hover, the suppression quick fixes, config reload and a bad config.

One server runs for the module (building the engine takes seconds); each test works in its own
folder of the workspace, so that config discovery from the document's folder is tested too.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from promiselint.api import lint_text

pytestmark = pytest.mark.asyncio(loop_scope="module")
PUBLISHED = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 120  # seconds: the first document waits for spaCy and the rules to load

PAGE = """\
# Plans

Our support team will reply within 1 hour on weekdays.

Every dashboard is updated hourly. Results guaranteed for every plan.
"""


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "promiselint", "server"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("workspace")
    # A client that watches files for the server, as VS Code does
    lsp_client.registrations = []  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    watching = types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(did_change_watched_files=watching)
            ),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
            root_uri=root.as_uri(),
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _published(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for this version of the document."""
    while True:
        params = await asyncio.wait_for(client.wait_for_notification(PUBLISHED), TIMEOUT)
        if params.uri == uri and params.version == version:
            return list(params.diagnostics)


async def _open(client: LanguageClient, folder: str, name: str, text: str):
    path = client.root / folder / name  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    language = {".md": "markdown", ".txt": "plaintext", ".html": "html"}[path.suffix]
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    return path, uri, await _published(client, uri, 1)


def _words(text: str, found: types.Diagnostic) -> str:
    lines = text.splitlines()
    start, end = found.range.start, found.range.end
    assert start.line == end.line
    return lines[start.line][start.character : end.character]


async def test_open_publishes_a_diagnostic_on_the_words(client: LanguageClient):
    _path, _uri, found = await _open(client, "open", "plans.md", PAGE)
    by_rule = {d.code: d for d in found}
    assert set(by_rule) == {"delivery.turnaround", "absolute.guarantee"}
    turnaround = by_rule["delivery.turnaround"]
    assert _words(PAGE, turnaround) == "reply within 1 hour"
    assert turnaround.severity == types.DiagnosticSeverity.Warning
    assert turnaround.source == "promiselint"
    link = turnaround.code_description.href
    assert link.startswith("file://") and link.endswith("delivery-commitment.yaml")
    assert Path(link.removeprefix("file://")).is_file()


async def test_positions_count_utf16_units_as_lsp_clients_do(client: LanguageClient):
    text = "\U0001f680 Launch week: results guaranteed.\n"  # a rocket: two UTF-16 units
    _path, uri, found = await _open(client, "utf16", "launch.md", text)
    [guarantee] = found
    utf16_units = len("xx Launch week: results ")
    assert guarantee.range.start == types.Position(line=0, character=utf16_units)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=guarantee.range.start
        )
    )
    assert hover is not None and "absolute.guarantee" in hover.contents.value


async def test_an_edit_updates_the_diagnostics(client: LanguageClient):
    _path, uri, _found = await _open(client, "change", "plans.md", PAGE)
    # Replace "Results guaranteed" (line 4) by hedged copy, and add a promise on line 0
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=4, character=35),
                        end=types.Position(line=4, character=53),
                    ),
                    text="Results vary by plan",
                ),
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=0, character=7),
                        end=types.Position(line=0, character=7),
                    ),
                    text=": coming soon",
                ),
            ],
        )
    )
    found = await _published(client, uri, 2)
    assert sorted(d.code for d in found) == ["delivery.turnaround", "feature.coming-soon"]
    coming = next(d for d in found if d.code == "feature.coming-soon")
    assert coming.range.start == types.Position(line=0, character=9)


async def test_a_burst_of_edits_ends_with_the_last_versions_diagnostics(client: LanguageClient):
    _path, uri, _found = await _open(client, "burst", "plans.md", "# Plans\n")
    for version, letter in enumerate("SSO is coming soon.", start=2):  # typed key by key
        at = types.Position(line=1, character=version - 2)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(start=at, end=at), text=letter
                    )
                ],
            )
        )
        await asyncio.sleep(0.01)
    found = await _published(client, uri, version)
    assert [d.code for d in found] == ["feature.coming-soon"]


async def test_hover_explains_the_finding(client: LanguageClient):
    _path, uri, found = await _open(client, "hover", "plans.md", PAGE)
    guarantee = next(d for d in found if d.code == "absolute.guarantee")
    inside = types.Position(
        line=guarantee.range.start.line, character=guarantee.range.start.character + 2
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=inside)
    )
    assert hover is not None
    text = hover.contents.value
    assert "absolute.guarantee" in text and "**Suggestion:**" in text
    outside = types.Position(line=0, character=1)
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=outside)
    )
    assert nothing is None


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """The text after the edits (given for the original text, applied from the last one)."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


HTML_PAGE = """\
<!DOCTYPE html>
<html><head><meta name="description"
  content="Analytics for teams. Results guaranteed."></head>
<body><p>Our support team will reply within 1 hour.</p>
<p>Results guaranteed for every plan.</p></body></html>
"""


@pytest.mark.parametrize("name", ["plans.md", "plans.txt", "plans.html"])
async def test_quick_fixes_suppress_on_the_line_and_in_the_file(client: LanguageClient, name):
    text = HTML_PAGE if name == "plans.html" else PAGE
    _path, uri, found = await _open(client, f"fix-{Path(name).suffix[1:]}", name, text)
    guarantees = [d for d in found if d.code == "absolute.guarantee"]
    # in HTML, the first is inside a <meta> tag that spans two lines
    assert len(guarantees) == (2 if name == "plans.html" else 1)
    for guarantee in guarantees:
        await _check_quick_fixes(client, uri, name, text, guarantee)


async def _check_quick_fixes(client, uri: str, name: str, text: str, guarantee) -> None:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=guarantee.range,
            context=types.CodeActionContext(diagnostics=[guarantee]),
        )
    )
    assert [action.title for action in actions] == [
        "Suppress absolute.guarantee on this line",
        "Suppress absolute.guarantee in this file",
    ]
    before = _rule_ids(lint_text(text, filename=name))
    on_line, in_file = (
        _rule_ids(lint_text(_apply(text, action.edit.changes[uri]), filename=name))
        for action in actions
    )
    # on the line: this finding goes, the rule's others stay; in the file: all of the rule's
    # go. The other rule's finding stays, and no directive is misread (suppression.unknown-rule)
    expected = list(before)
    expected.remove("absolute.guarantee")
    assert on_line == expected
    assert in_file == ["delivery.turnaround"]


def _rule_ids(findings) -> list[str]:
    return sorted(finding.rule_id for finding in findings)


async def test_config_is_discovered_and_reloaded_on_save(client: LanguageClient):
    folder = client.root / "configured"  # type: ignore[attr-defined]
    folder.mkdir()
    config = folder / ".promiselint.yaml"
    config.write_text("ignore: [absolute.guarantee]\n", encoding="utf-8")
    _path, uri, found = await _open(client, "configured", "plans.md", PAGE)
    assert [d.code for d in found] == ["delivery.turnaround"]
    config.write_text("ignore: [delivery-commitment]\n", encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    found = await _published(client, uri, 1)
    assert [d.code for d in found] == ["absolute.guarantee"]


async def test_a_config_changed_outside_the_editor_relints_open_documents(client):
    folder = client.root / "watched"  # type: ignore[attr-defined]
    folder.mkdir()
    _path, uri, found = await _open(client, "watched", "plans.md", PAGE)
    assert len(found) == 2
    [registration] = client.registrations  # type: ignore[attr-defined]
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    config = folder / ".promiselint.yaml"
    config.write_text("select: [absolute-claim]\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]
        )
    )
    found = await _published(client, uri, 1)
    assert [d.code for d in found] == ["absolute.guarantee"]


async def test_a_bad_config_is_a_diagnostic_not_a_crash(client: LanguageClient):
    folder = client.root / "broken"  # type: ignore[attr-defined]
    folder.mkdir()
    (folder / ".promiselint.yaml").write_text("ignore: [no.such.rule]\n", encoding="utf-8")
    _path, _uri, found = await _open(client, "broken", "plans.md", PAGE)
    assert len(found) == 1
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert "no.such.rule" in found[0].message
    assert any("no.such.rule" in message.message for message in client.messages)
    # The server is still there: another folder's document is linted as usual
    _path, _uri, others = await _open(client, "after-broken", "plans.md", PAGE)
    assert {d.code for d in others} == {"delivery.turnaround", "absolute.guarantee"}
