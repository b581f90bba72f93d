from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse


async def health(request: Request) -> JSONResponse:
    state = request.app.state
    return JSONResponse(
        {"status": "ok", "store": state.store.kind, "redis": state.settings.redis_url is not None}
    )
