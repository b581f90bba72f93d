from __future__ import annotations

from typing import Any

from server.http.api import Api
from server.http.context import Ctx

api = Api()


@api.route("GET", "/api/health", auth="anyone", summary="Liveness and configuration", tag="ops")
async def health(ctx: Ctx) -> dict[str, Any]:
    services = ctx.services
    return {
        "status": "ok",
        "store": services.settings.store_kind,
        "redis": services.settings.redis_url is not None,
        # Public: the join page tells a candidate, before they join, who carries video and chat.
        "video": "stream" if services.stream is not None else "builtin",
    }
