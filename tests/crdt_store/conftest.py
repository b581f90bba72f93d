from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from crdt_store import Backend, UpdateStore, open_backend

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
def make_backend(backend: str, tmp_path: Path) -> Callable[[], Backend]:
    """A new backend object over the same data (for the persistent backends)."""
    return lambda: open_backend(store_url(backend, tmp_path))


@pytest.fixture
async def opened(make_backend: Callable[[], Backend]) -> AsyncIterator[Backend]:
    """An opened backend, closed at teardown."""
    instance = make_backend()
    await instance.open()
    yield instance
    await instance.close()


@pytest.fixture
def store(opened: Backend) -> UpdateStore:
    return opened.updates
