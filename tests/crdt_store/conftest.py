from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from crdt_store import UpdateStore, open_store

# Every backend available here; MongoDB joins when its backend lands (issue 6).
BACKENDS = ["memory", "sqlite"]


def store_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return "memory://"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_store(backend: str, tmp_path: Path) -> Callable[[], UpdateStore]:
    """A new store object over the same data (for the persistent backends)."""
    return lambda: open_store(store_url(backend, tmp_path))


@pytest.fixture
async def store(make_store: Callable[[], UpdateStore]) -> AsyncIterator[UpdateStore]:
    instance = make_store()
    await instance.open()
    yield instance
    await instance.close()
