"""Without the FerretDB binary the MongoDB tests fail, loudly; they are never skipped."""

from __future__ import annotations

import asyncio
import os
import sys

from tests.support.serverproc import ROOT


async def test_a_missing_ferretdb_binary_fails_the_tests_that_need_it() -> None:
    env = {**os.environ, "CODESYNC_FERRETDB": str(ROOT / "no-such-dir" / "ferretdb")}
    one = "tests/crdt_store/test_contract.py::test_unknown_document_loads_empty[ferretdb]"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", one,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out = (await proc.communicate())[0].decode()
    assert proc.returncode == 1, out
    assert "FerretDB is not built" in out and "make ferretdb" in out
    assert "1 error" in out and "skipped" not in out
    assert "1 test ran against FerretDB (0 passed, 1 failed" in out
