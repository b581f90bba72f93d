from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, cast

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
        async with _RealMongoBackends(url) as make:
            yield make
    elif backend == "mongodb":
        assert MONGODB_URL is not None
        async with _RealMongoBackends(MONGODB_URL) as make:
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
    """Backends sharing one client and database; any left open are closed at the end."""

    def __init__(self, client: Any, database: str) -> None:
        self.client = client
        self.database = database
        self.made: list[Backend] = []

    def __call__(self) -> Backend:
        from crdt_store.mongo import MongoBackend

        self.made.append(MongoBackend(cast(Any, self.client), self.database))
        return self.made[-1]

    async def __aenter__(self) -> _MongoBackends:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for instance in self.made:
            await instance.close()  # a test that failed half-way may have left one open


class _RealMongoBackends(_MongoBackends):
    """On a real wire server (FerretDB, or CODESYNC_TEST_MONGODB_URL), in a database of this
    test's own."""

    def __init__(self, url: str) -> None:
        from pymongo import AsyncMongoClient

        self.url = url
        self.real: AsyncMongoClient[Any] = AsyncMongoClient(url)
        super().__init__(self.real, f"codesync_test_{uuid.uuid4().hex[:12]}")

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await super().__aexit__(*exc_info)
            await self.real.drop_database(self.database)
        finally:
            await self.real.close()
