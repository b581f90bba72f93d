"""The import contracts of pyproject.toml hold, and the layers contract does fail on an
upward import (a contract that cannot fail would enforce nothing)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_tree_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_layers(tmp_path: Path) -> None:
    for package in ("server", "crdt_store"):
        shutil.copytree(ROOT / package, tmp_path / package)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "server" / "permissions.py").open("a") as module:
        module.write("\nimport server.rooms.room  # upward: permissions sit below the rooms\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "server.permissions is not allowed to import server.rooms" in result.stdout
