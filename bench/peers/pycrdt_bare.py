"""Bare pycrdt-websocket server (no store) for the benchmark.

Usage: python pycrdt_bare.py --host 127.0.0.1 --port P
Room name = URL path (pycrdt-websocket's default). In-memory only.
"""

from __future__ import annotations

import argparse
import asyncio
import logging

import uvicorn
from pycrdt.websocket import ASGIServer, WebsocketServer


def handle(exc: Exception, log: logging.Logger) -> bool:
    # Without an exception handler one room's error stops the whole server.
    log.error("room error: %r", exc)
    return True


async def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    a = p.parse_args()
    ws = WebsocketServer(exception_handler=handle, auto_clean_rooms=True)
    app = ASGIServer(ws)
    config = uvicorn.Config(app, host=a.host, port=a.port, log_level="warning", lifespan="off")
    async with ws:
        await uvicorn.Server(config).serve()


if __name__ == "__main__":
    asyncio.run(main())
