"""Configuration: discovery (.promiselint.yaml, pyproject's [tool.promiselint]), `extends`,
validation against config.schema.json, and the command line's overrides on top."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from promiselint.errors import ConfigError, yaml_error_message
from promiselint.findings import CATEGORIES, Severity

CONFIG_NAMES = (".promiselint.yaml", ".promiselint.yml")
DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    "env",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site-packages",
    "dist",
    "build",
)


@dataclass(frozen=True)
class Config:
    source: Path | None = None
    language: str | None = None  # None: detect
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    pipelines: tuple[tuple[str, str], ...] = ()
    fail_on: Severity = Severity.warning
    min_severity: Severity = Severity.warning
    facts: Path | None = None

    def with_options(self, **options: Any) -> Config:
        """This config with the command line's options (None means: not given) on top."""
        given = {key: value for key, value in options.items() if value not in (None, ())}
        return replace(self, **given)

    def check_rule_names(self, rule_ids: set[str]) -> None:
        """Every rule id or category the config names must exist."""
        known = rule_ids | set(CATEGORIES)
        named = [*self.select, *self.ignore, *(name for name, _ in self.severity)]
        unknown = sorted({name for name in named if name not in known})
        if unknown:
            where = f"{self.source}: " if self.source else ""
            raise ConfigError(
                f"{where}unknown rule id or category: {', '.join(unknown)} "
                "(see `promiselint rules` for the ids)"
            )


def _validate(data: Any, source: Path) -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    schema = json.loads(
        resources.files("promiselint").joinpath("config.schema.json").read_text(encoding="utf-8")
    )
    if data is None:
        return {}
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        error = errors[0]
        field_name = ".".join(str(part) for part in error.absolute_path)
        raise ConfigError(f"{source}: {field_name + ': ' if field_name else ''}{error.message}")
    return data


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    try:
        if path.name == "pyproject.toml":
            data = tomllib.loads(text).get("tool", {}).get("promiselint", {})
        else:
            data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(yaml_error_message(path, exc, "invalid config syntax")) from None
    except tomllib.TOMLDecodeError as exc:  # its message ends "(at line 3, column 5)"
        raise ConfigError(f"{path}: invalid config syntax: {exc}") from None
    return _validate(data, path)


def _parse(data: dict[str, Any], source: Path, seen: tuple[Path, ...] = ()) -> Config:
    base = Config()
    if "extends" in data:
        parent = (source.parent / data["extends"]).resolve()
        if parent in seen:
            raise ConfigError(f"{source}: `extends` makes a loop through {parent}")
        if not parent.is_file():
            raise ConfigError(f"{source}: extends: {parent} not found")
        base = _parse(_read(parent), parent, (*seen, source.resolve()))
    here = source.parent
    settings: dict[str, Any] = {"source": source}
    if "language" in data:
        settings["language"] = None if data["language"] == "auto" else data["language"]
    for key in ("select", "ignore", "exclude"):
        if key in data:
            settings[key] = tuple(data[key])
    if "severity" in data:
        settings["severity"] = (
            *base.severity,
            *((k, Severity[v]) for k, v in data["severity"].items()),
        )
    if "rules" in data:
        settings["rule_dirs"] = (*base.rule_dirs, *((here / p).resolve() for p in data["rules"]))
    if "pipelines" in data:
        settings["pipelines"] = (*base.pipelines, *data["pipelines"].items())
    for key in ("fail_on", "min_severity"):
        if key in data:
            settings[key] = Severity[data[key]]
    if "facts" in data:
        settings["facts"] = (here / data["facts"]).resolve()
    return replace(base, **settings)


def load_config(path: Path) -> Config:
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found")
    return _parse(_read(path), path)


def discover_config(start: Path) -> Path | None:
    """The nearest .promiselint.yaml (or pyproject.toml with [tool.promiselint]) at or above
    ``start``."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                has_section = "promiselint" in tomllib.loads(pyproject.read_text("utf-8")).get(
                    "tool", {}
                )
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                has_section = False
            if has_section:
                return pyproject
    return None
