"""`codesync serve`: the console script behind `make serve` and the Procfile."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import uvicorn

from server import logs
from server.app import create_app
from server.settings import ConfigError, Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="codesync", description="CodeSync interview rooms")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the server")
    serve.add_argument("--host", help="listen address (CODESYNC_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (CODESYNC_PORT, default 8000)")
    serve.add_argument("--data-dir", type=Path, help="data directory (CODESYNC_DATA_DIR)")
    serve.add_argument("--log-level", default=os.environ.get("CODESYNC_LOG_LEVEL", "info"))
    serve.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=os.environ.get("CODESYNC_LOG_FORMAT")
        or ("json" if os.environ.get("CODESYNC_ENV") == "production" else "text"),
    )
    args = parser.parse_args(argv)

    logs.configure(args.log_level, args.log_format)
    try:
        settings = Settings.from_env(
            os.environ, host=args.host, port=args.port, data_dir=args.data_dir
        )
        app = create_app(settings)
    except ConfigError as exc:
        print(f"codesync: {exc}", file=sys.stderr)
        return 2
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=args.log_level.lower(),
        ws_max_size=max(16 * 1024 * 1024, 2 * settings.max_message_bytes),
        ws_ping_interval=settings.ws_ping_interval_s,
        ws_ping_timeout=settings.ws_ping_timeout_s,
        lifespan="on",
        # Yjs frames are small and binary: compressing them costs more CPU than it saves.
        ws_per_message_deflate=False,
        timeout_graceful_shutdown=10,
    )
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
