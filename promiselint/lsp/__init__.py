"""`promiselint server`: a Language Server (LSP) over standard input/output, built on pygls.

Markdown, plain text and HTML documents get diagnostics on open, change (debounced) and save;
hover explains a finding; quick fixes insert suppression directives. See server.py.
"""

from __future__ import annotations


def serve() -> None:
    from promiselint.lsp.server import build_server

    build_server().start_io()
