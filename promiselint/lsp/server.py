"""The language server: pygls handlers around one linting thread.

Linting runs on a single worker thread (one spaCy pipeline per language, not shared between
threads), so the event loop keeps answering hovers and code actions meanwhile. Changes are
debounced on both edges: the first edit after a quiet spell is linted at once (the diagnostics
follow the edit within the warm pipeline's time), and a burst of edits is linted once more,
``DEBOUNCE_SECONDS`` after its last keystroke. A result for a version that has since changed is
dropped: the later lint publishes.
"""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from promiselint import __version__
from promiselint.api import describe_rules, lint_file
from promiselint.errors import PromiselintError
from promiselint.findings import Finding, RuleInfo
from promiselint.lsp import diagnostics as lsp
from promiselint.lsp.engines import Engines

DEBOUNCE_SECONDS = 0.3


@dataclass
class _Linted:
    """A document's findings as last published, with what hover and diagnostics say of their
    rules: explanations by rule id, and links to the rule files."""

    findings: list[Finding]
    rules: dict[str, RuleInfo]
    links: dict[str, str] = field(default_factory=dict)


class PromiselintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("promiselint", __version__)
        self.engines = Engines(None)
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="promiselint-lint")
        self.linted: dict[str, _Linted] = {}
        self.shown_problems: set[str] = set()
        self._last_change: dict[str, float] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}

    def schedule(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        quiet = now - self._last_change.get(uri, float("-inf")) >= DEBOUNCE_SECONDS
        self._last_change[uri] = now
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        delay = 0.0 if quiet else DEBOUNCE_SECONDS
        self._pending[uri] = loop.call_later(delay, self._fire, uri)

    def _fire(self, uri: str) -> None:
        self._pending.pop(uri, None)
        asyncio.get_running_loop().create_task(self.lint(uri))

    async def lint(self, uri: str) -> None:
        if uri not in self.workspace.text_documents:
            return  # closed before its turn came
        document = self.workspace.get_text_document(uri)
        suffix = lsp.suffix_for(document)
        if suffix is None:
            return
        version, source = document.version, document.source
        fs_path = to_fs_path(uri) if uri.startswith("file:") else None
        path = Path(fs_path) if fs_path else None
        outcome = await asyncio.get_running_loop().run_in_executor(
            self.linter, _lint, self.engines, path, suffix, source
        )
        if uri not in self.workspace.text_documents or document.version != version:
            return  # closed, or edited since: the next lint publishes
        if isinstance(outcome, str):
            self.linted.pop(uri, None)
            self._show_once(outcome)
            found = [lsp.problem_diagnostic(outcome)]
        else:
            self.linted[uri] = outcome
            found = [
                lsp.diagnostic(finding, document, outcome.links.get(finding.rule_id))
                for finding in outcome.findings
            ]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        )

    async def lint_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            await self.lint(uri)

    def _show_once(self, problem: str) -> None:
        if problem not in self.shown_problems:
            self.shown_problems.add(problem)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=problem)
            )


def _lint(engines: Engines, path: Path | None, suffix: str, source: str) -> _Linted | str:
    """Findings for one document's text (on the linting thread); a one-line problem instead
    when the config or the text cannot be used."""
    try:
        config, engine = engines.engine_for(path)
        name = str(path) if path is not None and path.suffix.lower() == suffix else f"doc{suffix}"
        findings = lint_file(engine, name, data=source.encode("utf-8"))
    except PromiselintError as exc:
        return f"promiselint: {exc}"
    findings = [finding for finding in findings if finding.severity >= config.min_severity]
    links = {}
    for finding in findings:
        rules = engine.ruleset.languages.get(finding.lang)
        rule = rules.rules.get(finding.rule_id) if rules else None
        if rule is not None:
            links[finding.rule_id] = rule.source.resolve().as_uri()
    return _Linted(findings, describe_rules(engine, findings), links)


def build_server() -> PromiselintServer:
    server = PromiselintServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: PromiselintServer, params: types.InitializedParams) -> None:
        root = ls.workspace.root_path
        ls.engines = Engines(Path(root) if root else None)
        ls.linter.submit(_warm_up, ls.engines)
        workspace = ls.client_capabilities.workspace
        watching = workspace.did_change_watched_files if workspace else None
        if watching and watching.dynamic_registration:
            # Config and facts files edited outside the editor re-lint the open documents
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="promiselint-config-files",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                                watchers=[
                                    types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml,toml}")
                                ]
                            ),
                        )
                    ]
                )
            )

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: PromiselintServer, params: types.DidOpenTextDocumentParams) -> None:
        await ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PromiselintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: PromiselintServer, params: types.DidSaveTextDocumentParams) -> None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        if lsp.suffix_for(document) is None:
            await ls.lint_all()  # maybe the config or facts file: engines reload when it changed
        else:
            await ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PromiselintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched_files_changed(
        ls: PromiselintServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        await ls.lint_all()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PromiselintServer, params: types.HoverParams) -> types.Hover | None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        linted = ls.linted.get(params.text_document.uri)
        if linted is None:
            return None
        at = document.position_codec.position_from_client_units(document.lines, params.position)
        for finding in linted.findings:
            if lsp.covers(finding, at.line, at.character):
                text = lsp.hover_text(finding, linted.rules.get(finding.rule_id))
                return types.Hover(
                    contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
                )
        return None

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(
        ls: PromiselintServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        suffix = lsp.suffix_for(document)
        if suffix is None:
            return []
        actions = []
        for found in params.context.diagnostics:
            if found.source != lsp.SOURCE or not isinstance(found.code, str):
                continue
            at = document.position_codec.position_from_client_units(
                document.lines, found.range.start
            )
            line_edits = lsp.suppress_on_line(document, suffix, found.code, at.line, at.character)
            file_edits = [lsp.suppress_in_file(document, suffix, found.code)]
            for title, edits in (
                (f"Suppress {found.code} on this line", line_edits),
                (f"Suppress {found.code} in this file", file_edits),
            ):
                actions.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[found],
                        edit=types.WorkspaceEdit(changes={uri: edits}),
                    )
                )
        return actions

    return server


def _warm_up(engines: Engines) -> None:
    # A bad config is reported on the first document, where the user sees it
    with contextlib.suppress(PromiselintError):
        engines.warm_up()
