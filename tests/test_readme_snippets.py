"""The README's pre-commit and CI snippets work as written, run by the real tools on a committed
copy of this project (a repository without tags, like the real one) standing in for GitHub."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_precommit import PROMISE, ROOT, Sandbox, _git, _run

pytest.importorskip("pre_commit")

pytestmark = pytest.mark.slow

README = (ROOT / "README.md").read_text(encoding="utf-8")
UPSTREAM = "https://github.com/<org>/promiselint"


def readme_block(heading: str, language: str) -> str:
    """The first ``language`` code block after the README heading ``heading``."""
    section = README.split(f"\n## {heading}\n", 1)[1]
    match = re.search(rf"```{language}\n(.*?)```", section, re.DOTALL)
    assert match, f"no {language} block under {heading}"
    return match.group(1)


@pytest.fixture(scope="module")
def sandbox(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    cache = getattr(request.config, "cache", None)
    base = cache.mkdir("promiselint-precommit") if cache else tmp_path_factory.mktemp("precommit")
    return Sandbox(Path(base))


def test_the_precommit_snippet_works_after_autoupdate(sandbox: Sandbox, tmp_path: Path) -> None:
    snippet = readme_block("Pre-commit", "yaml")
    assert UPSTREAM in snippet
    # As written, the rev exists (pre-commit could install it without autoupdate, only warning
    # that a branch moves).
    (rev,) = re.findall(r"^\s*rev:\s*(\S+)", snippet, re.MULTILINE)
    exists = _run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], sandbox.source, sandbox.env
    )
    assert exists.returncode == 0, f"rev {rev!r} does not exist in a repository without tags"
    _git(tmp_path, sandbox.env, "init", "-q")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(snippet.replace(UPSTREAM, sandbox.source.as_posix()), encoding="utf-8")

    updated = sandbox.pre_commit(tmp_path, "autoupdate")

    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert f"rev: {sandbox.rev}" in config.read_text(encoding="utf-8")
    (tmp_path / "launch.md").write_text(PROMISE, encoding="utf-8")
    _git(tmp_path, sandbox.env, "add", ".pre-commit-config.yaml", "launch.md")
    run = sandbox.pre_commit(tmp_path, "run")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "launch.md:3:" in run.stdout


def test_the_ci_install_line_names_a_ref_that_exists(sandbox: Sandbox, tmp_path: Path) -> None:
    lines = re.findall(r"pip install (git\+\S+)", README)
    assert len(lines) >= 3 and all(line.startswith(f"git+{UPSTREAM}@") for line in lines)
    refs = {line.rsplit("@", 1)[1] for line in lines}
    for ref in refs:
        url = f"git+file://{sandbox.source.as_posix()}@{ref}"
        # Building the package from that ref proves the ref exists and installs; --no-deps
        # keeps it offline and away from this test's own environment.
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-d",
                str(tmp_path),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            env=sandbox.env,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert _run(["git", "tag"], sandbox.source, sandbox.env).stdout == ""
