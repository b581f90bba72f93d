"""What only the MongoDB backend must show, beyond the contract suites: its indexes, seqs
under concurrent appends, and a failed batch leaving nothing behind."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest
from pymongo.errors import PyMongoError

from crdt_store import Backend, UpdateRecord, open_backend
from tests.crdt_store.conftest import MONGO_BACKENDS

on_mongo = pytest.mark.parametrize("backend", MONGO_BACKENDS, indirect=True)


def batch(doc: str, n: int, tag: str = "") -> list[UpdateRecord]:
    return [UpdateRecord(doc, f"{tag}{i}".encode(), float(i), tag or None) for i in range(n)]


@on_mongo
async def test_the_queries_have_their_indexes(backend: str, opened: Backend) -> None:
    from crdt_store.mongo.documents import DOCUMENTS

    indexes: dict[str, dict[str, Any]] = {}
    for document in DOCUMENTS:
        info = await document.get_pymongo_collection().index_information()
        indexes.update({f"{document.get_collection_name()}.{name}": v for name, v in info.items()})
    unique = {name for name, spec in indexes.items() if spec.get("unique")}
    assert {
        "users.email_unique",
        "users.external_id_unique",
        "participants.member_unique",
        "updates.doc_seq",
    } <= unique
    if backend == "ferretdb":
        # FerretDB 1.24 accepts `sparse` but does not keep it; its unique indexes skip
        # documents without the field anyway (test_accounts_without_external_id_…).
        assert "sparse" not in indexes["users.external_id_unique"]
    else:
        assert indexes["users.external_id_unique"].get("sparse") is True
    assert {
        "participants.by_user",
        "sessions.newest_first",
        "invites.by_session",
        "problems.by_owner_newest_first",
    } <= set(indexes)
    if backend == "ferretdb":  # no TTL indexes: `revoke_token` purges on its own
        assert "revoked_tokens.purge" not in indexes and not opened.has_ttl_index  # type: ignore[attr-defined]
    else:
        assert indexes["revoked_tokens.purge"]["expireAfterSeconds"] == 0
        assert opened.has_ttl_index  # type: ignore[attr-defined]


@on_mongo
async def test_reopening_an_existing_database_keeps_its_indexes(make_backend: Any) -> None:
    # Beanie's own index set-up sends all of a collection's indexes in one command, which
    # FerretDB 1.24 answers with a panic once they exist: the backend creates them itself.
    for _ in range(2):
        made = make_backend()
        await made.open()
        await made.updates.append(batch("s/code", 1))
        await made.close()


@on_mongo
async def test_concurrent_increments_of_one_document(backend: str, opened: Backend) -> None:
    """MongoDB's `$inc` is atomic; FerretDB 1.24's loses concurrent increments (measured:
    50 concurrent `$inc` of one document left it at 4). The seqs must not rely on it."""
    from crdt_store.mongo.documents import CounterDoc

    collection = CounterDoc.get_pymongo_collection()
    await collection.insert_one({"_id": "k", "value": 0})
    await asyncio.gather(
        *(collection.update_one({"_id": "k"}, {"$inc": {"value": 1}}) for _ in range(50))
    )
    counter = await collection.find_one({"_id": "k"})
    assert counter is not None
    if backend == "ferretdb":
        assert counter["value"] < 50, "FerretDB's $inc became atomic: update the README"
    else:
        assert counter["value"] == 50


@on_mongo
async def test_concurrent_appends_to_one_document_get_distinct_growing_seqs(
    opened: Backend,
) -> None:
    results = await asyncio.gather(
        *(opened.updates.append(batch("s/code", 5, f"w{w}-")) for w in range(20))
    )
    for seqs in results:
        assert seqs == list(range(seqs[0], seqs[0] + 5))  # one reserved block per batch
    everything = sorted(seq for seqs in results for seq in seqs)
    assert len(set(everything)) == 100
    logged = await opened.updates.history("s/code", limit=1000)
    assert [e.seq for e in logged] == everything
    again = await opened.updates.append(batch("s/code", 1))
    assert again[0] > everything[-1]


async def stray_at_seq_3() -> None:
    """An entry where the next batch's third seq will go (say, restored without counters)."""
    from crdt_store.mongo.documents import UpdateDoc

    stray = {"doc": "s/code", "seq": 3, "ts": 0.0, "author": "stray", "data": b"x"}
    await UpdateDoc.get_pymongo_collection().insert_one(stray)


@on_mongo
async def test_a_failed_append_leaves_none_of_its_entries(
    opened: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crdt_store.mongo import updates

    monkeypatch.setattr(updates, "_APPEND_ATTEMPTS", 1)
    await stray_at_seq_3()
    with pytest.raises(PyMongoError):
        await opened.updates.append(batch("s/code", 5) + batch("other/code", 2))
    assert [e.author for e in await opened.updates.history("s/code")] == ["stray"]
    assert await opened.updates.history("other/code") == []
    # The reserved seqs are a gap; the next append lands above them.
    assert await opened.updates.append(batch("s/code", 2)) == [6, 7]


@on_mongo
async def test_an_append_meeting_a_taken_seq_retries_above_it(opened: Backend) -> None:
    await stray_at_seq_3()
    seqs = await opened.updates.append(batch("s/code", 5, "b") + batch("other/code", 2, "o"))
    assert seqs == [6, 7, 8, 9, 10, 3, 4]  # a whole new block per document
    logged = await opened.updates.history("s/code")
    assert [(e.seq, e.author) for e in logged] == [(3, "stray")] + [(s, "b") for s in seqs[:5]]


@on_mongo
async def test_accounts_without_external_id_leave_the_field_out(opened: Backend) -> None:
    from crdt_store import User
    from crdt_store.mongo.documents import UserDoc

    # On a real server a sparse unique index still indexes explicit nulls.
    await opened.directory.create_user(User("a", "a@example.com", "A", None, 1.0))
    await opened.directory.create_user(User("b", "b@example.com", "B", None, 1.0))
    raw = await UserDoc.get_pymongo_collection().find_one({"_id": "a"})
    assert raw is not None and "external_id" not in raw and "password_hash" not in raw


@on_mongo
async def test_a_second_database_in_one_process_is_refused(backend: str, opened: Backend) -> None:
    from crdt_store.mongo import MongoBackend

    other = MongoBackend(opened.client, "somewhere_else")  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="already open"):
        await other.open()


async def test_url_names_the_database() -> None:
    from crdt_store.mongo import MongoBackend, database_name

    assert database_name("mongodb://db.internal:27017/interviews?w=majority") == "interviews"
    assert database_name("mongodb://user:p%40ss@db.internal") == "codesync"
    assert database_name("mongodb+srv://cluster.example.net/") == "codesync"
    made = open_backend("mongodb://127.0.0.1:1/interviews")  # the driver connects lazily
    assert isinstance(made, MongoBackend) and made.database == "interviews"
    await made.close()


_WRITER = """
import asyncio, sys
from pymongo import AsyncMongoClient
from crdt_store import UpdateRecord
from crdt_store.mongo import MongoBackend

async def main(url, database, name):
    backend = MongoBackend(AsyncMongoClient(url), database, owns_client=True)
    await backend.open()
    for i in range(100):
        await backend.updates.append([UpdateRecord("shared/code", bytes([i]), float(i), name)])
    await backend.close()

asyncio.run(main(*sys.argv[1:]))
"""


@on_mongo
async def test_processes_appending_to_one_document_never_share_a_seq(
    make_backend: Any, opened: Backend
) -> None:
    database: str = opened.database  # type: ignore[attr-defined]
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", _WRITER, make_backend.url, database, f"p{i}"
        )
        for i in range(4)
    ]
    assert await asyncio.gather(*(p.wait() for p in procs)) == [0] * 4
    logged = await opened.updates.history("shared/code", limit=1000)
    assert len({e.seq for e in logged}) == len(logged) == 400
    for name in ("p0", "p1", "p2", "p3"):
        mine = [e.update for e in logged if e.author == name]
        assert mine == [bytes([i]) for i in range(100)]


@on_mongo
async def test_transactions_where_the_server_has_them(backend: str, opened: Backend) -> None:
    """The backend uses no transactions: FerretDB 1.24 refuses them (and a standalone MongoDB
    does too); a MongoDB replica set rolls this one back."""
    from pymongo.errors import OperationFailure

    from crdt_store.mongo.documents import CounterDoc

    client: Any = opened.client  # type: ignore[attr-defined]
    collection = CounterDoc.get_pymongo_collection()
    replica_set = "setName" in await client.admin.command("hello")
    with pytest.raises(OperationFailure if not replica_set else ZeroDivisionError) as refused:
        async with client.start_session() as session, await session.start_transaction():
            await collection.insert_one({"_id": "tx", "value": 1}, session=session)
            1 / 0  # noqa: B018  # abort
    if backend == "ferretdb":
        assert not replica_set and 'unknown field "startTransaction"' in str(refused.value)
    assert await collection.find_one({"_id": "tx"}) is None


@on_mongo
async def test_an_append_whose_answer_was_lost_is_stored_once_when_retried(
    opened: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pymongo.errors import AutoReconnect

    from crdt_store.mongo import updates
    from crdt_store.mongo.documents import UpdateDoc

    real_insert, real_delete = UpdateDoc.insert_many, updates.MongoUpdates._delete_entries

    async def landed_but_lost(*args: Any, **kwargs: Any) -> Any:
        await real_insert(*args, **kwargs)
        raise AutoReconnect("the server went away before answering")

    async def server_gone(*args: Any) -> None:
        raise AutoReconnect("still gone")

    monkeypatch.setattr(UpdateDoc, "insert_many", landed_but_lost)
    monkeypatch.setattr(updates.MongoUpdates, "_delete_entries", server_gone)
    records = batch("s/code", 3, "w")
    with pytest.raises(AutoReconnect):
        await opened.updates.append(records)
    with pytest.raises(AutoReconnect):  # the undo must come first, and cannot yet
        await opened.updates.append(records)
    monkeypatch.setattr(UpdateDoc, "insert_many", real_insert)
    monkeypatch.setattr(updates.MongoUpdates, "_delete_entries", real_delete)
    await opened.updates.append(records)  # the committer's retry, once the server is back
    logged = await opened.updates.history("s/code")
    assert [e.update for e in logged] == [r.update for r in records]
