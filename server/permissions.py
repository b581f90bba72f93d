"""Every permission decision of CodeSync. REST handlers and websocket rooms both ask here;
the web UI only mirrors these answers."""

from __future__ import annotations

from typing import Literal

from server import schema

Role = Literal["host", "interviewer", "candidate", "observer"]
InviteRole = Literal["interviewer", "candidate", "observer"]

ROLES: tuple[Role, ...] = ("host", "interviewer", "candidate", "observer")
INTERVIEWERS: frozenset[Role] = frozenset({"host", "interviewer"})
# Roles that can be taken without an account (through an invite link).
GUEST_ROLES: frozenset[Role] = frozenset({"candidate", "observer"})


def is_interviewer(role: Role) -> bool:
    return role in INTERVIEWERS


def can_view_document(role: Role, doc: str) -> bool:
    if doc == schema.CODE:
        return True
    if doc == schema.NOTES:
        return is_interviewer(role)
    return False


def can_edit_document(role: Role, doc: str, *, ended: bool, locked: bool) -> bool:
    """May this role's writes be applied? Observers never; nobody after the end; candidates
    not while the host has locked the editor."""
    if ended or role == "observer" or not can_view_document(role, doc):
        return False
    return not (role == "candidate" and locked and doc == schema.CODE)


def can_change_settings(role: Role) -> bool:
    """Settings are the `meta` map of the code document: language, problem, lock."""
    return is_interviewer(role)


def can_view_session(role: Role | None) -> bool:
    return role is not None


def can_manage_session(role: Role | None) -> bool:
    """Invite, revoke, remove participants, end the session."""
    return role == "host"


def can_read_history(role: Role | None) -> bool:
    return role is not None and is_interviewer(role)


def can_redeem_without_account(invite_role: Role) -> bool:
    return invite_role in GUEST_ROLES


def may_be_removed(role: Role) -> bool:
    """The host owns the session: everyone else can be removed by them."""
    return role != "host"


def can_chat(role: Role, *, ended: bool) -> bool:
    """Post in the session's chat (the document's `chat`, or over REST while locked)."""
    return not ended and role != "observer"


def can_report_signals(role: Role, *, ended: bool) -> bool:
    """Integrity signals (paste, tab leave) are about the candidate, reported by their browser."""
    return not ended and role == "candidate"


def can_run_code(role: Role, *, runs_disabled: bool) -> bool:
    """Append a run to `runs` (the editor's lock and the end are checked with the document)."""
    if role == "observer":
        return False
    return is_interviewer(role) or not runs_disabled


def sees_every_submitted_scorecard(role: Role | None) -> bool:
    """The host reads the panel's submitted cards; a panel interviewer only their own."""
    return role == "host"


def invite_admits_one_person(invite_role: Role) -> bool:
    """A candidate link is claimed by the first browser that redeems it; panel and observer
    links admit whoever holds them."""
    return invite_role == "candidate"
