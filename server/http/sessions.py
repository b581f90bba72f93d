"""Interview sessions: create, list, read, end, room tokens, participants."""

from __future__ import annotations

import base64
import logging
import secrets
import time
from collections.abc import Awaitable
from functools import partial
from typing import Any

from pycrdt import Array, Doc

from crdt_store import Participant, Session
from crdt_store.cursor import BadCursor
from server import permissions, schema
from server.access import Grant
from server.auth.revocation import guest_key, invite_key
from server.auth.tokens import GUEST_TTL, ROOM_TTL
from server.closecodes import CloseCode
from server.http.api import Api, ApiError
from server.http.context import Ctx
from server.http.schemas import ChatMessage, CreateSession, SignalReport
from server.http.views import session_view
from server.problems.bank import ProblemBank
from server.problems.seed import seed_problem
from server.rooms.guards import entry_problem
from server.schema import CodeDoc, Meta

api = Api()
log = logging.getLogger("codesync.stream")

MAX_PAGE = 100
HISTORY_PAGE = 1000


def _new_session_id() -> str:
    return secrets.token_urlsafe(9)  # 12 URL-safe characters, ~72 bits


@api.route(
    "POST",
    "/api/sessions",
    auth="interviewer",
    body=CreateSession,
    status=201,
    errors={404: "problem_not_found"},
    summary="Create an interview session; the caller is its host (a problem: its starter code)",
    tag="sessions",
)
async def create_session(ctx: Ctx) -> dict[str, Any]:
    body: CreateSession = ctx.parsed(CreateSession)
    me = ctx.me()
    problem = None
    if body.problem_id is not None:
        problem = await ProblemBank(ctx.services.problems).get_for(body.problem_id, [me.user_id])
        if problem is None:
            raise ApiError(404, "problem_not_found", "No such problem in your problem bank.")
    now = time.time()
    session = Session(
        id=_new_session_id(),
        title=body.title,
        host_id=me.user_id,
        status="active",
        created_at=now,
        problem_id=body.problem_id,
        language=body.language or "python",
    )
    host = Participant(session.id, me.user_id, me.name, "host", now)
    await ctx.services.directory.create_session(session, host)
    if problem is not None:  # in the editor before anyone joins: no browser races another
        await ctx.services.rooms.write(
            f"{session.id}/{schema.CODE}",
            partial(seed_problem, problem, session.language or "python"),
        )
    return session_view(session, [host], "host")


@api.route(
    "GET",
    "/api/sessions/active",
    auth="interviewer",
    summary="Active sessions the caller takes part in",
    tag="sessions",
)
async def active_sessions(ctx: Ctx) -> dict[str, Any]:
    page = await ctx.services.directory.sessions_of(ctx.me().user_id, status="active", limit=100)
    return {"sessions": [await _summary(ctx, s) for s in page.sessions]}


@api.route(
    "GET",
    "/api/sessions/recent",
    errors={
        400: "limit or before is not valid",
    },
    auth="interviewer",
    summary="The caller's sessions, newest first (cursor pagination)",
    tag="sessions",
)
async def recent_sessions(ctx: Ctx) -> dict[str, Any]:
    params = ctx.request.query_params
    try:
        limit = int(params.get("limit", "20"))
    except ValueError:
        raise ApiError(400, "invalid_request", "limit must be an integer.") from None
    if not 1 <= limit <= MAX_PAGE:
        raise ApiError(400, "invalid_request", f"limit must be between 1 and {MAX_PAGE}.")
    try:
        page = await ctx.services.directory.sessions_of(
            ctx.me().user_id, limit=limit, before=params.get("before") or None
        )
    except BadCursor:
        raise ApiError(400, "invalid_request", "before is not a valid page cursor.") from None
    return {
        "sessions": [await _summary(ctx, s) for s in page.sessions],
        "next_before": page.next_before,
    }


async def _summary(ctx: Ctx, session: Session) -> dict[str, Any]:
    participants = await ctx.services.directory.participants(session.id)
    me = next((p for p in participants if p.user_id == ctx.me().user_id), None)
    return session_view(session, participants, me.role if me else None)


@api.route(
    "GET",
    "/api/sessions/{session_id}",
    auth="participant",
    summary="A session with its participants and the caller's role",
    tag="sessions",
)
async def get_session(ctx: Ctx) -> dict[str, Any]:
    session = ctx.the_session()
    participants = await ctx.services.directory.participants(session.id)
    return session_view(session, participants, ctx.role)


@api.route(
    "POST",
    "/api/sessions/{session_id}/end",
    auth="host",
    summary="End the session: its documents become read-only for everyone",
    tag="sessions",
)
async def end_session(ctx: Ctx) -> dict[str, Any]:
    session = await ctx.services.directory.end_session(ctx.the_session().id, time.time())
    assert session is not None
    ctx.services.rooms.end_session(session.id)
    # Tell every open editor at once, through the document itself (`meta.ended`).
    await ctx.services.rooms.write(f"{session.id}/{schema.CODE}", _mark_ended)
    if (stream := ctx.services.stream) is not None:
        await _tell_stream(stream.end(session.id), f"the end of {session.id}")
    return session_view(session, await ctx.services.directory.participants(session.id), ctx.role)


def _mark_ended(doc: Doc) -> None:  # type: ignore[type-arg]
    CodeDoc(doc).meta[Meta.ENDED] = True


@api.route(
    "POST",
    "/api/sessions/{session_id}/chat",
    auth="participant",
    body=ChatMessage,
    status=201,
    summary="Post a chat message (works while the editor is locked; same as the CRDT chat)",
    tag="sessions",
)
async def post_chat(ctx: Ctx) -> dict[str, Any]:
    body: ChatMessage = ctx.parsed(ChatMessage)
    participant = ctx.participant
    assert participant is not None
    session = ctx.the_session()
    if not permissions.can_chat(participant.role, ended=session.status == "ended"):
        raise ApiError(403, "forbidden", "Chat is read-only for you in this session.")
    message = {
        "id": secrets.token_urlsafe(9),
        "author_id": participant.user_id,
        "author_name": participant.name,
        "role": participant.role,
        "text": body.text,
        "ts": time.time() * 1000,  # milliseconds, as the web app writes them
    }
    return await _append_to_code(ctx, schema.CHAT, message)


async def _append_to_code(ctx: Ctx, array: str, item: dict[str, Any]) -> dict[str, Any]:
    """A server write of one item to an array of the session's code document: it reaches
    every open editor like any update, and the store."""

    participant = ctx.participant
    assert participant is not None
    writer = Grant(participant.user_id, participant.name, participant.role)
    problem = entry_problem(array, item, writer)
    if problem is not None:  # the server breaking its own schema: a bug, never stored
        raise RuntimeError(f"refusing to append to `{array}`: {problem}")

    def append(doc: Doc) -> None:  # type: ignore[type-arg]
        doc.get(array, type=Array).append(item)

    await ctx.services.rooms.write(f"{ctx.the_session().id}/{schema.CODE}", append)
    return item


@api.route(
    "POST",
    "/api/sessions/{session_id}/events",
    auth="participant",
    body=SignalReport,
    status=201,
    summary="A candidate's signal (large paste, left or back to the tab) while locked",
    tag="sessions",
)
async def post_signal(ctx: Ctx) -> dict[str, Any]:
    """The same item the candidate's browser appends to `events` itself while it may write;
    while the editor is locked its writes are dropped, so it reports here instead. Only about
    itself: who and when come from the server."""
    body: SignalReport = ctx.parsed(SignalReport)
    participant = ctx.participant
    assert participant is not None
    session = ctx.the_session()
    if not permissions.can_report_signals(participant.role, ended=session.status == "ended"):
        if session.status == "ended":
            raise ApiError(403, "forbidden", "The interview has ended.")
        raise ApiError(403, "forbidden", "Only the candidate's browser reports signals.")
    event: dict[str, Any] = {
        "id": secrets.token_urlsafe(9),
        "kind": body.kind,
        "by": participant.user_id,
        "by_name": participant.name,
        "ts": time.time() * 1000,
    }
    if body.kind == "paste":
        event |= {"chars": body.chars or 0, "lines": body.lines or 0}
    return await _append_to_code(ctx, schema.EVENTS, event)


@api.route(
    "GET",
    "/api/sessions/{session_id}/room-token",
    auth="participant",
    summary="A short-lived token for the session's websockets",
    tag="sessions",
)
async def room_token(ctx: Ctx) -> dict[str, Any]:
    participant = ctx.participant
    assert participant is not None
    # The sign-in it was fetched with: websockets refuse the room token once it is signed out.
    login = {"login": jti} if (jti := ctx.me().jti) else {}
    token, claims = ctx.services.tokens.issue(
        "room",
        participant.user_id,
        ROOM_TTL,
        sid=participant.session_id,
        role=participant.role,
        name=participant.name,
        **login,
    )
    return {"token": token, "expires_at": claims.exp, "role": participant.role}


@api.route(
    "DELETE",
    "/api/sessions/{session_id}/participants/{user_id}",
    errors={
        404: "participant_not_found",
        409: "cannot_remove_host",
    },
    auth="host",
    summary="Remove a participant; their sockets close with 4403, their links stop working",
    tag="sessions",
)
async def remove_participant(ctx: Ctx) -> dict[str, Any]:
    session = ctx.the_session()
    user_id = ctx.request.path_params["user_id"]
    target = await ctx.services.directory.participant(session.id, user_id)
    if target is None:
        raise ApiError(404, "participant_not_found", "No such participant in this session.")
    if not permissions.may_be_removed(target.role):
        raise ApiError(409, "cannot_remove_host", "The host cannot be removed.")
    await expel(ctx, target, "removed from the session")
    return {"removed": user_id}


async def expel(ctx: Ctx, target: Participant, reason: str) -> None:
    """Remove `target` so that they stay out: the browser keeps its guest token and the links
    it came through, so those stop admitting them; only an invite made later lets them back
    in (a guest then comes back as a new guest)."""
    directory = ctx.services.directory
    session_id, user_id = target.session_id, target.user_id
    await directory.remove_participant(session_id, user_id)
    now = time.time()
    for invite in await directory.invites_of(session_id):
        if invite.revoked_at is not None or invite.expires_at <= now:
            continue
        if invite.redeemed_by == user_id:  # their single-use candidate link: spent
            await directory.revoke_invite(invite.id, now)
        else:
            await directory.revoke_token(invite_key(invite.id, user_id), invite.expires_at)
    if target.guest:  # a guest id belongs to this session only: all its tokens end here
        await directory.revoke_token(guest_key(user_id), now + GUEST_TTL)
    ctx.services.rooms.disconnect_user(session_id, user_id, CloseCode.FORBIDDEN, reason)
    if (stream := ctx.services.stream) is not None:
        await _tell_stream(
            stream.remove(session_id, user_id), f"remove {user_id} from {session_id}"
        )


async def _tell_stream(call: Awaitable[None], what: str) -> None:
    """Stream hears about removals and ends, but cannot undo them: when it does not answer,
    the change stands here and is logged (the removed user's Stream token expires within
    the hour)."""
    try:
        await call
    except Exception:
        log.exception("Stream did not take %s", what)


@api.route(
    "GET",
    "/api/sessions/{session_id}/history",
    errors={
        400: "after, limit or doc is not valid",
    },
    auth="session_interviewer",
    summary="Timestamped update log of the code document, for playback",
    tag="sessions",
)
async def history(ctx: Ctx) -> dict[str, Any]:
    params = ctx.request.query_params
    try:
        after = int(params.get("after", "0"))
        limit = min(int(params.get("limit", str(HISTORY_PAGE))), HISTORY_PAGE)
    except ValueError:
        raise ApiError(400, "invalid_request", "after and limit must be integers.") from None
    if limit < 1 or after < 0:
        raise ApiError(400, "invalid_request", "after must be ≥ 0 and limit ≥ 1.")
    doc = params.get("doc", schema.CODE)
    if doc not in schema.DOCUMENTS:
        raise ApiError(400, "invalid_request", "doc must be 'code' or 'notes'.")
    entries = await ctx.services.updates.history(
        f"{ctx.the_session().id}/{doc}", after_seq=after, limit=limit
    )
    return {
        "doc": doc,
        "entries": [
            {
                "seq": e.seq,
                "ts": e.ts,
                "author": e.author,
                "update": base64.b64encode(e.update).decode("ascii"),
            }
            for e in entries
        ],
        "next_after": entries[-1].seq if len(entries) == limit else None,
    }


@api.route(
    "GET",
    "/api/sessions/{session_id}/stream",
    errors={
        404: "stream_not_configured",
        502: "stream_unavailable: Stream did not answer",
    },
    auth="participant",
    summary="Stream video/chat credentials (404 stream_not_configured without keys)",
    tag="sessions",
)
async def stream_credentials(ctx: Ctx) -> dict[str, Any]:
    stream = ctx.services.stream
    if stream is None:
        raise ApiError(
            404,
            "stream_not_configured",
            "Stream is not configured on this server; the built-in video is used.",
        )
    participant = ctx.participant
    assert participant is not None
    members = await ctx.services.directory.participants(ctx.the_session().id)
    try:
        credentials = await stream.credentials(ctx.the_session(), members, participant)
    except Exception:
        log.exception("Stream provisioning failed for %s", ctx.the_session().id)
        raise ApiError(
            502, "stream_unavailable", "Stream did not answer; the built-in video still works."
        ) from None
    return credentials.view()
