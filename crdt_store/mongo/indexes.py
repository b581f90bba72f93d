"""The documents' indexes, created one `createIndexes` command per index.

Not by `init_beanie`, which sends every index of a collection in one command at each start:
FerretDB 1.24 panics on such a command when the indexes already exist (the connection drops,
so a server could not restart on its own database). One index per command, and only those
missing by name, works on MongoDB and FerretDB alike.

FerretDB also answers a TTL index (`expireAfterSeconds`) with NotImplemented (code 238).
Nothing depends on the TTL monitor for correctness: `revoke_token` deletes expired entries
itself; the index only bounds the collection when nobody logs out for a while. So that one
refusal is logged and tolerated; any other is an error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from beanie import Document
from pymongo import IndexModel
from pymongo.errors import OperationFailure

log = logging.getLogger("codesync.store")

_NOT_IMPLEMENTED = 238


async def ensure_indexes(documents: Sequence[type[Document]]) -> bool:
    """Create every declared index that is missing; True if the TTL indexes exist too.

    An index is matched by name: one whose definition changes needs a new name (MongoDB
    refuses a changed definition under an old name anyway)."""
    has_ttl = True
    for document in documents:
        collection = document.get_pymongo_collection()
        existing = {index["name"] async for index in await collection.list_indexes()}
        # Our own declarations (Beanie's settings hold them converted to its own type).
        declared: list[IndexModel] = list(getattr(document.Settings, "indexes", []))
        for model in declared:
            if model.document["name"] in existing:
                continue
            try:
                await collection.create_indexes([model])
            except OperationFailure as error:
                if error.code != _NOT_IMPLEMENTED or "expireAfterSeconds" not in model.document:
                    raise
                log.warning(
                    "this MongoDB server has no TTL indexes (%s): expired entries of %s are"
                    " deleted by the application instead",
                    error.details.get("errmsg") if error.details else error,
                    document.get_collection_name(),
                )
                has_ttl = False
    return has_ttl
