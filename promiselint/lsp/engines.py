"""Which config and engine lint a document in the editor: the config is discovered as the CLI
discovers it (the nearest .promiselint.yaml or pyproject.toml walking up from the document, or
from the workspace folder for an unsaved one), and the engine is rebuilt when the config, its
facts file or its rule folders change on disk. Engines stay loaded between edits: that keeps the
spaCy pipelines warm."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from promiselint.api import lint_text, load_rules, make_engine, open_cache
from promiselint.config import Config, discover_config, load_config
from promiselint.engine import Engine

# Linted once at start-up so that the first real document does not wait for the pipeline.
_WARM_UP_TEXT = "We reply within one business day."


@dataclass(frozen=True)
class _Loaded:
    config: Config
    engine: Engine
    stamp: tuple[tuple[str, int], ...]


class Engines:
    def __init__(self, workspace_root: Path | None) -> None:
        self.workspace_root = workspace_root
        self._loaded: dict[Path | None, _Loaded] = {}

    def config_file(self, document: Path | None) -> Path | None:
        start = document.parent if document is not None else self.workspace_root or Path.cwd()
        return discover_config(start)

    def engine_for(self, document: Path | None) -> tuple[Config, Engine]:
        """The config and engine for a document; raises PromiselintError for a bad config."""
        source = self.config_file(document)
        loaded = self._loaded.get(source)
        if loaded is None or _stamp(loaded.config) != loaded.stamp:
            config = load_config(source) if source is not None else Config()
            engine = make_engine(config, load_rules(config, open_cache(config)))
            loaded = _Loaded(config, engine, _stamp(config))
            self._loaded[source] = loaded
        return loaded.config, loaded.engine

    def warm_up(self) -> None:
        """Build the workspace's engine and its English pipeline before any document asks."""
        _config, engine = self.engine_for(None)
        lint_text(_WARM_UP_TEXT, engine=engine)


def _stamp(config: Config) -> tuple[tuple[str, int], ...]:
    """What the engine was built from, with modification times: the config file, the facts file
    and the rule files of the config's rule folders."""
    files = [path for path in (config.source, config.facts) if path is not None]
    for folder in config.rule_dirs:
        files.extend(sorted(folder.rglob("*.yaml")))
    stamp = []
    for path in files:
        try:
            stamp.append((str(path), os.stat(path).st_mtime_ns))
        except OSError:
            stamp.append((str(path), -1))  # gone: a change too
    return tuple(stamp)
