"""How both websocket endpoints admit an upgrade: the join request, its authorization and a
socket slot for its address."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from starlette.websockets import WebSocket

from server.access import Authorizer, Denied, Grant, JoinRequest
from server.closecodes import CloseCode
from server.ws.limits import SocketCounter

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def join_request(websocket: WebSocket, session_id: str, doc: str) -> JoinRequest:
    """The credential (query token or cookie), the peer's address and the page's origin."""
    client = websocket.client
    return JoinRequest(
        session_id=session_id,
        doc=doc,
        token=websocket.query_params.get("token"),
        cookies=websocket.cookies,
        client=f"{client.host}:{client.port}" if client else None,
        origin=websocket.headers.get("origin"),
        host=websocket.headers.get("host"),
    )


@dataclass(frozen=True, slots=True)
class Admitted:
    request: JoinRequest
    grant: Grant
    address: str  # holds a slot of the socket counter: release it when the socket ends


async def admit(
    websocket: WebSocket,
    session_id: str,
    doc: str,
    authorizer: Authorizer,
    sockets: SocketCounter,
    on_denied: Callable[[Denied], None] | None = None,
) -> Admitted | None:
    """Authorize the upgrade and take a socket slot for its address; refused, the socket is
    closed with the reason (4401/4403/4404/…) and None comes back."""
    request = join_request(websocket, session_id, doc)
    try:
        grant = await authorizer.authorize(request)
    except Denied as denied:
        if on_denied is not None:
            on_denied(denied)
        await websocket.close(denied.code, denied.reason)
        return None
    address = websocket.client.host if websocket.client else "unknown"
    if refusal := sockets.acquire(session_id, address):
        await websocket.close(CloseCode.FORBIDDEN, refusal)
        return None
    return Admitted(request, grant, address)
