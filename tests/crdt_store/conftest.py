from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from crdt_store import Backend, UpdateStore, open_backend

# A real MongoDB server, when one is given; there is none in CI.
MONGODB_URL = os.environ.get("CODESYNC_TEST_MONGODB_URL") or None

# Every backend available here. "ferretdb" is the MongoDB backend on the session's FerretDB
# (tests/ferretdb.py), in every run; "mongodb" joins only with a real MongoDB server, so it
# is never listed-but-skipped.
MONGO_BACKENDS = ["ferretdb", *(["mongodb"] if MONGODB_URL else [])]
BACKENDS = ["memory", "sqlite", *MONGO_BACKENDS]
# The backends that keep data across a close and an open (memory:// keeps nothing).
PERSISTENT = [b for b in BACKENDS if b != "memory"]


def store_url(backend: str, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return "memory://"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def make_backend(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[Callable[[], Backend]]:
    """A new backend object over the same data (for the persistent backends)."""
    if backend == "ferretdb":
        url = str(request.getfixturevalue("ferretdb").url)
        async with _MongoBackends(url) as make:
            yield make
    elif backend == "mongodb":
        assert MONGODB_URL is not None
        async with _MongoBackends(MONGODB_URL) as make:
            yield make
    else:
        yield lambda: open_backend(store_url(backend, tmp_path))


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


class _MongoBackends:
    """Backends on a real wire server (FerretDB, or CODESYNC_TEST_MONGODB_URL), sharing one
    client and a database of this test's own; any left open are closed, and the database
    dropped, at the end."""

    def __init__(self, url: str) -> None:
        from pymongo import AsyncMongoClient

        self.url = url
        self.client: AsyncMongoClient[Any] = AsyncMongoClient(url)
        self.database = f"codesync_test_{uuid.uuid4().hex[:12]}"
        self.made: list[Backend] = []

    def __call__(self) -> Backend:
        from crdt_store.mongo import MongoBackend

        self.made.append(MongoBackend(self.client, self.database))
        return self.made[-1]

    async def __aenter__(self) -> _MongoBackends:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            for instance in self.made:
                await instance.close()  # a test that failed half-way may have left one open
            await self.client.drop_database(self.database)
        finally:
            await self.client.close()
