from __future__ import annotations

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from crdt_store.mongo.documents import CounterDoc

# Two first upserts of one counter can race; the loser sees a duplicate key (servers since
# 4.2 retry this themselves, older ones and some proxies do not) and simply tries again.
_UPSERT_ATTEMPTS = 3


async def reserve(key: str, count: int = 1) -> range:
    """Reserve `count` consecutive values of the counter `key` in one atomic `$inc`.

    Every caller, in any process, gets a block no other caller gets; values are never
    reused, even when the caller then fails to use them (so there can be gaps).
    """
    collection = CounterDoc.get_pymongo_collection()
    attempt = 1
    while True:
        try:
            counter = await collection.find_one_and_update(
                {"_id": key},
                {"$inc": {"value": count}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
            break
        except DuplicateKeyError:
            if attempt == _UPSERT_ATTEMPTS:
                raise
            attempt += 1
    assert counter is not None  # an upsert returning the document after always finds one
    last = int(counter["value"])
    return range(last - count + 1, last + 1)


async def raise_to(key: str, value: int) -> None:
    """Move the counter `key` up to at least `value` (never down)."""
    await CounterDoc.get_pymongo_collection().update_one(
        {"_id": key}, {"$max": {"value": value}}, upsert=True
    )
