"""Log output: readable lines in development, one JSON object per line in production."""

from __future__ import annotations

import json
import logging
import re
import time
from typing import Literal

LogFormat = Literal["text", "json"]
_CONTEXT = ("session_id", "room", "client")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _CONTEXT:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str, fmt: LogFormat) -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


# Query parameters that carry a credential: room tokens (`?token=`, websockets cannot send
# headers) and invite links (`?invite=`). uvicorn logs the full path with its query string
# both in the access log and in its websocket "accepted" lines, so both loggers are filtered.
SECRET_PARAMS = ("token", "invite", "access_token", "code")
_SECRET = re.compile(r"([?&](?:" + "|".join(SECRET_PARAMS) + r")=)[^&\s\"']*")
REDACTED = "[redacted]"


def redact_query(text: str) -> str:
    return _SECRET.sub(lambda match: match.group(1) + REDACTED, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_query(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_query(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


_REDACT = RedactSecrets()


def redact_server_logs() -> None:
    """Idempotent (one shared filter instance); uvicorn's dictConfig keeps logger filters."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logging.getLogger(name).addFilter(_REDACT)
