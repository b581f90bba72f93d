"""MongoDB through Beanie (`mongodb://host/dbname`, `mongodb+srv://…`); database `codesync`
unless the URL names one. Needs the `mongo` extra; imported only when such a URL is used."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from beanie import init_beanie
from pymongo import AsyncMongoClient

from crdt_store.directory import Directory
from crdt_store.mongo.directory import MongoDirectory
from crdt_store.mongo.documents import DOCUMENTS
from crdt_store.mongo.indexes import ensure_indexes
from crdt_store.mongo.problems import MongoProblems
from crdt_store.mongo.scorecards import MongoScorecards
from crdt_store.mongo.updates import MongoUpdates
from crdt_store.problems import ProblemStore
from crdt_store.scorecards import ScorecardStore
from crdt_store.store import UpdateStore

DEFAULT_DATABASE = "codesync"

# Beanie binds its document classes to one database for the whole process, so two open
# backends on different databases would silently share collections. Refuse instead.
_open: set[MongoBackend] = set()


class MongoBackend:
    """Durable as the server's write concern makes it (the URL's `w=`/`journal=` options)."""

    kind = "mongodb"

    def __init__(
        self,
        client: AsyncMongoClient[Any],
        database: str = DEFAULT_DATABASE,
        *,
        owns_client: bool = False,
    ) -> None:
        # An existing client (the tests share one between backends) is left open by
        # `close()`; the one `from_url` makes is this backend's to close.
        self.client = client
        self.database = database
        self._owns_client = owns_client
        # Annotated with the protocols, so mypy holds the classes to them.
        self.updates: UpdateStore = MongoUpdates()
        self.directory: Directory = MongoDirectory()
        self.problems: ProblemStore = MongoProblems()
        self.scorecards: ScorecardStore = MongoScorecards()
        self.has_ttl_index = False  # known after open(): FerretDB has no TTL indexes

    @classmethod
    def from_url(cls, url: str) -> MongoBackend:
        return cls(AsyncMongoClient(url), database_name(url), owns_client=True)

    async def open(self) -> None:
        for other in _open:
            if other.client is not self.client or other.database != self.database:
                raise RuntimeError(
                    f"a MongoDB backend on database {other.database!r} is already open in"
                    " this process; close it first (Beanie binds documents to one database)"
                )
        database = self.client[self.database]
        await init_beanie(database=database, document_models=DOCUMENTS, skip_indexes=True)
        self.has_ttl_index = await ensure_indexes(DOCUMENTS)
        _open.add(self)

    async def close(self) -> None:
        _open.discard(self)
        if self._owns_client:
            await self.client.close()


def database_name(url: str) -> str:
    """The database a MongoDB URL names in its path, or `codesync`."""
    name = unquote(urlsplit(url).path.lstrip("/"))
    return name or DEFAULT_DATABASE
