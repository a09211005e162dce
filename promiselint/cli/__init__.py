"""The command line: thin wrappers that parse options, call the API and pick a formatter; one
module per command group, each registering its commands on the group in ``app``.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage error, bad config or rules, or
an input that could not be read (the other inputs are still linted and reported); 130
interrupted (Ctrl-C).
"""

from promiselint.cli import check, documents, rules, service
from promiselint.cli.app import main

__all__ = ["check", "documents", "main", "rules", "service"]
