"""Invite links: created by the host, redeemed by candidates (no account), interviewers
(signed in) and observers."""

from __future__ import annotations

import time
from typing import Any

from crdt_store import Invite, Participant
from server.auth.identity import new_id
from server.auth.revocation import invite_key
from server.auth.tokens import ACCESS_TTL, GUEST_TTL, INVITE_TTL, InvalidToken
from server.http.api import REMOVED_MESSAGE, Api, ApiError, presented_token
from server.http.context import Ctx
from server.http.schemas import CreateInvite, RedeemInvite
from server.http.sessions import expel
from server.http.views import invite_view
from server.permissions import can_redeem_without_account, invite_admits_one_person

api = Api()


@api.route(
    "POST",
    "/api/sessions/{session_id}/invites",
    errors={
        409: "session_ended",
        429: "rate_limited: too many invites (Retry-After)",
    },
    auth="host",
    body=CreateInvite,
    status=201,
    summary="Create a signed, expiring, role-bound invite link",
    tag="invites",
)
async def create_invite(ctx: Ctx) -> dict[str, Any]:
    body: CreateInvite = ctx.parsed(CreateInvite)
    session = ctx.the_session()
    if session.status == "ended":
        raise ApiError(409, "session_ended", "This interview has ended; no new invites.")
    limiter = ctx.services.limits.invites_per_host
    me = ctx.me()
    if wait := limiter.retry_after(me.user_id):
        raise ApiError(
            429,
            "rate_limited",
            "Too many invites created; try again later.",
            {"Retry-After": str(max(1, int(wait)))},
        )
    limiter.hit(me.user_id)
    invite_id = new_id("inv")
    token, claims = ctx.services.tokens.issue(
        "invite", session.id, INVITE_TTL, jti=invite_id, role=body.role
    )
    invite = Invite(
        id=invite_id,
        session_id=session.id,
        role=body.role,
        created_by=me.user_id,
        created_at=claims.iat,
        expires_at=claims.exp,
    )
    await ctx.services.directory.create_invite(invite)
    url = f"{ctx.services.settings.base_url}/s/{session.id}?invite={token}"
    return {**invite_view(invite), "url": url, "token": token}


@api.route(
    "GET",
    "/api/sessions/{session_id}/invites",
    auth="host",
    summary="The session's invites (to revoke them)",
    tag="invites",
)
async def list_invites(ctx: Ctx) -> dict[str, Any]:
    invites = await ctx.services.directory.invites_of(ctx.the_session().id)
    return {"invites": [invite_view(i) for i in invites]}


@api.route(
    "DELETE",
    "/api/sessions/{session_id}/invites/{invite_id}",
    errors={
        404: "invite_not_found",
    },
    auth="host",
    summary="Revoke an invite; a candidate who joined through it is removed, nobody else",
    tag="invites",
)
async def revoke_invite(ctx: Ctx) -> dict[str, Any]:
    """A candidate link belongs to one person, so revoking it removes them. Observer and
    interviewer links are shared by several people: revoking one stops new joins and removes
    nobody (the answer says so); the host removes people one by one."""
    session = ctx.the_session()
    directory = ctx.services.directory
    invite = await directory.get_invite(ctx.request.path_params["invite_id"])
    if invite is None or invite.session_id != session.id:
        raise ApiError(404, "invite_not_found", "No such invite in this session.")
    await directory.revoke_invite(invite.id, time.time())
    holder = None
    if invite.redeemed_by is not None:
        holder = await directory.participant(session.id, invite.redeemed_by)
    if holder is not None:
        await expel(ctx, holder, "invite revoked")
        message = "The link no longer works, and the candidate who joined through it was removed."
    else:
        message = (
            "The link no longer works. It removed nobody: whoever joined through it stays "
            "until you remove them."
        )
    return {"revoked": invite.id, "removed": [holder.user_id] if holder else [], "message": message}


@api.route(
    "POST",
    "/api/invites/redeem",
    errors={
        401: "not_signed_in: an interviewer invite needs an account",
        403: "invite_invalid (not ours), invite_expired, invite_revoked, session_ended,"
        " removed_from_session, csrf_rejected",
        404: "invite_not_found",
        409: "invite_already_used: a candidate link already bound to another browser",
        429: "session_full",
    },
    auth="anyone",
    body=RedeemInvite,
    summary="Join a session through an invite link",
    tag="invites",
)
async def redeem_invite(ctx: Ctx) -> dict[str, Any]:
    body: RedeemInvite = ctx.parsed(RedeemInvite)
    services = ctx.services
    try:
        claims = services.tokens.decode(body.token, "invite")
    except InvalidToken as exc:
        if exc.reason == "token expired":
            raise ApiError(
                403,
                "invite_expired",
                "This invite link has expired; ask the interviewer for a new one.",
            ) from None
        # 403, not 400: the body is well-formed (the schema's token pattern), the token not ours.
        raise ApiError(403, "invite_invalid", "This invite link is not valid.") from None
    invite = await services.directory.get_invite(claims.jti)
    session = await services.directory.get_session(claims.sub)
    if invite is None or session is None or invite.session_id != session.id:
        raise ApiError(404, "invite_not_found", "This invite no longer exists.")
    if invite.revoked_at is not None:
        raise ApiError(
            403,
            "invite_revoked",
            "This invite link was revoked; ask the interviewer for a new one.",
        )
    if session.status == "ended":
        raise ApiError(403, "session_ended", "This interview has already ended.")
    returning = _caller_id(ctx)
    if returning and await services.directory.is_token_revoked(invite_key(invite.id, returning)):
        raise ApiError(403, "removed_from_session", REMOVED_MESSAGE)
    me = ctx.identity
    if me is not None and me.kind == "user":
        existing = await services.directory.participant(session.id, me.user_id)
        if existing is not None:  # already in (e.g. the host testing the link)
            return await _joined(ctx, existing)
    elif not can_redeem_without_account(invite.role):
        raise ApiError(
            401, "not_signed_in", "Sign in with an interviewer account to join the panel."
        )

    if me is not None and me.kind == "user":
        user_id, name, guest = me.user_id, me.name, False
    elif me is not None and me.kind == "guest" and me.session_id == session.id:
        user_id, name, guest = me.user_id, body.name, True  # the same browser, back again
    else:
        user_id, name, guest = new_id("gst"), body.name, True

    claimed = not invite_admits_one_person(invite.role) or await services.directory.claim_invite(
        invite.id, user_id, time.time()
    )
    if not claimed:
        raise ApiError(
            409,
            "invite_already_used",
            "This candidate link has already been used in another browser. "
            "Ask the interviewer for a new link.",
        )
    existing = await services.directory.participant(session.id, user_id)
    if existing is None:
        members = await services.directory.participants(session.id)
        if len(members) >= services.limits.participants_per_session:
            raise ApiError(429, "session_full", "This session has too many participants.")
        existing = await services.directory.add_participant(
            Participant(session.id, user_id, name, invite.role, time.time(), guest)
        )
    return await _joined(ctx, existing)


def _caller_id(ctx: Ctx) -> str | None:
    """Who is redeeming, even when removal revoked their guest token: the browser of a removed
    guest still sends it, and must be recognised to be kept out."""
    if ctx.identity is not None:
        return ctx.identity.user_id
    presented = presented_token(ctx.request)
    if presented is None:
        return None
    try:
        return ctx.services.tokens.decode(presented[0], "guest").sub
    except InvalidToken:
        return None


async def _joined(ctx: Ctx, participant: Participant) -> dict[str, Any]:
    tokens = ctx.services.tokens
    if participant.guest:
        token, _ = tokens.issue(
            "guest",
            participant.user_id,
            GUEST_TTL,
            sid=participant.session_id,
            name=participant.name,
        )
    else:
        token, _ = tokens.issue("access", participant.user_id, ACCESS_TTL)
    return {
        "session_id": participant.session_id,
        "role": participant.role,
        "token": token,
        "user_id": participant.user_id,
        "name": participant.name,
    }
