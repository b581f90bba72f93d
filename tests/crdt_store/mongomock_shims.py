"""Two patches that let Beanie 2.2 run on mongomock-motor 0.0.36 (the CI stand-in for a
MongoDB server). Test-only: production code runs on pymongo against a real server."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import mongomock.database
import mongomock_motor

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True

    # Beanie passes `authorizedCollections=True, nameOnly=True`; mongomock accepts neither.
    list_names = mongomock.database.Database.list_collection_names

    def list_collection_names(
        self: mongomock.database.Database,
        filter: Any = None,
        session: Any = None,
        **ignored: Any,
    ) -> list[str]:
        names: list[str] = list_names(self, filter=filter, session=session)  # type: ignore[no-untyped-call]
        return names

    mongomock.database.Database.list_collection_names = list_collection_names  # type: ignore[method-assign]

    # Beanie 2 awaits `collection.aggregate(...)` (pymongo's async API returns a coroutine of
    # a cursor); mongomock-motor returns the cursor itself. Awaiting it now yields itself.
    def await_cursor(self: Any) -> Generator[Any, None, Any]:
        return self
        yield  # makes this a generator, as `__await__` must return an iterator

    mongomock_motor.AsyncLatentCommandCursor.__await__ = await_cursor  # type: ignore[attr-defined]
