"""pycrdt-websocket with the stock SQLiteYStore, wired the way its docs suggest.

Usage: python pycrdt_sqlite.py --host 127.0.0.1 --port P --db FILE
Each room gets `SQLiteYStore(path=<room name>)` on one shared database file; on first join the
stored updates are applied to the room's document before it is marked ready. Nothing is fixed
here: the benchmark reports what this stock setup keeps.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

import uvicorn
from pycrdt.store import SQLiteYStore, YDocNotFound
from pycrdt.websocket import ASGIServer, WebsocketServer, YRoom


def handle(exc: Exception, log: logging.Logger) -> bool:
    log.error("room error: %r", exc)
    return True


def make_server(db_path: str) -> WebsocketServer:
    class Store(SQLiteYStore):
        pass

    Store.db_path = db_path

    class Server(WebsocketServer):
        async def get_room(self, name: str) -> YRoom:
            if name not in self.rooms:
                ystore = Store(path=name)
                room = YRoom(ready=False, ystore=ystore, exception_handler=handle, log=self.log)
                self.rooms[name] = room
                await self.start_room(room)
                async with ystore.start_lock:
                    if not ystore.started.is_set():
                        assert self._task_group is not None
                        await self._task_group.start(ystore.start)
                with contextlib.suppress(YDocNotFound):
                    await ystore.apply_updates(room.ydoc)
                room.ready = True
            room = self.rooms[name]
            await self.start_room(room)
            return room

    return Server(exception_handler=handle, auto_clean_rooms=True)


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--db", required=True)
    a = p.parse_args()
    ws = make_server(a.db)
    app = ASGIServer(ws)
    config = uvicorn.Config(app, host=a.host, port=a.port, log_level="warning", lifespan="off")
    async with ws:
        await uvicorn.Server(config).serve()


if __name__ == "__main__":
    asyncio.run(main())
