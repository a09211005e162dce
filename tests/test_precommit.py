"""The pre-commit hook, run by the real pre-commit tool on a throwaway git repository.

pre-commit installs promiselint (non-editable, from a committed copy of this working tree) into a
virtualenv of its own, which needs PyPI and takes minutes the first time; PRE_COMMIT_HOME lives in
pytest's cache and the copy is committed with fixed dates, so an unchanged tree reuses that
virtualenv on the next run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
_NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".promiselint_cache",
    "build",
    "dist",
    "*.egg-info",
)
_FIXED_DATE = "2026-01-01T00:00:00+00:00"
PROMISE = "# Launch\n\nYour site will be live by March 15, 2027. Results guaranteed.\n"
CLEAN = "# Launch\n\nWe plan the launch with you once the content is ready.\n"


def _env(pre_commit_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CI": "true",
            "PRE_COMMIT_HOME": str(pre_commit_home),
            # The developer's own git configuration (hooksPath, signing...) must not leak in.
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_AUTHOR_DATE": _FIXED_DATE,
            "GIT_COMMITTER_DATE": _FIXED_DATE,
        }
    )
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=3600,
    )


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = _run(["git", "-c", "init.defaultBranch=main", *args], cwd, env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


class Sandbox:
    """A committed copy of this project (the hook repository) and pre-commit's home."""

    def __init__(self, base: Path) -> None:
        source = base / "source"
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
        bootstrap = _env(base)
        _git(source, bootstrap, "init", "-q")
        _git(source, bootstrap, "add", "-A")
        _git(source, bootstrap, "commit", "-q", "-m", "snapshot")
        self.source = source
        self.rev = _git(source, bootstrap, "rev-parse", "HEAD")
        # One virtualenv per source snapshot; older ones are dropped so the cache stays small.
        self.home = base / f"home-{self.rev[:12]}"
        for old in base.glob("home-*"):
            if old != self.home:
                shutil.rmtree(old, ignore_errors=True)
        self.env = _env(self.home)

    def user_repo(self, path: Path) -> Path:
        _git(path, self.env, "init", "-q")
        (path / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {self.source.as_posix()}\n    rev: {self.rev}\n"
            "    hooks:\n      - id: promiselint\n",
            encoding="utf-8",
        )
        _git(path, self.env, "add", ".pre-commit-config.yaml")
        return path

    def pre_commit(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return _run([sys.executable, "-m", "pre_commit", *args], cwd, self.env)


@pytest.fixture(scope="module")
def sandbox(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    cache = getattr(request.config, "cache", None)
    base = cache.mkdir("promiselint-precommit") if cache else tmp_path_factory.mktemp("precommit")
    return Sandbox(Path(base))


def test_commit_with_a_promise_is_stopped(sandbox: Sandbox, tmp_path: Path) -> None:
    repo = sandbox.user_repo(tmp_path)
    installed = sandbox.pre_commit(repo, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    (repo / "launch.md").write_text(PROMISE, encoding="utf-8")
    _git(repo, sandbox.env, "add", "launch.md")

    commit = _run(["git", "commit", "-m", "launch page"], repo, sandbox.env)

    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "launch.md:3:" in output
    assert "absolute.guarantee" in output
    assert _run(["git", "rev-parse", "--verify", "HEAD"], repo, sandbox.env).returncode != 0


def test_clean_commit_passes(sandbox: Sandbox, tmp_path: Path) -> None:
    repo = sandbox.user_repo(tmp_path)
    (repo / "launch.md").write_text(CLEAN, encoding="utf-8")
    _git(repo, sandbox.env, "add", "launch.md")

    run = sandbox.pre_commit(repo, "run")

    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout


def test_try_repo_reports_the_staged_file(sandbox: Sandbox, tmp_path: Path) -> None:
    repo = sandbox.user_repo(tmp_path)
    (repo / "launch.md").write_text(PROMISE, encoding="utf-8")
    (repo / "notes.py").write_text("# guaranteed: not copy, so not checked\n", encoding="utf-8")
    _git(repo, sandbox.env, "add", "launch.md", "notes.py")

    run = sandbox.pre_commit(repo, "try-repo", str(sandbox.source), "promiselint")

    assert run.returncode == 1, run.stdout + run.stderr
    assert "launch.md:3:" in run.stdout
    assert not [line for line in run.stdout.splitlines() if line.startswith("notes.py")]


def test_the_installed_hook_ships_its_rules(sandbox: Sandbox, tmp_path: Path) -> None:
    """pre-commit's virtualenv holds a real (non-editable) install: the rulesets must be inside
    the wheel as promiselint/_rules, not looked up in a source tree."""
    repo = sandbox.user_repo(tmp_path)
    (repo / "launch.md").write_text(CLEAN, encoding="utf-8")
    _git(repo, sandbox.env, "add", "launch.md")
    assert sandbox.pre_commit(repo, "install-hooks").returncode == 0

    packaged = list(sandbox.home.glob("*/py_env-*/lib/python*/site-packages/promiselint/_rules/en"))
    assert packaged, f"no promiselint/_rules in {sandbox.home}"
    assert list(packaged[0].glob("*.yaml"))
