"""The behaviour every `Directory` must have; runs once per backend."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from crdt_store import Backend, Conflict, Directory, Invite, Participant, Session, User
from crdt_store.cursor import BadCursor
from crdt_store.directory import REVOKED_GRACE_S, Role
from tests.crdt_store.conftest import PERSISTENT

T0 = 1_700_000_000.0
HOUR = 3600.0


@pytest.fixture
def directory(opened: Backend) -> Directory:
    return opened.directory


def user(uid: str, email: str | None = None, external_id: str | None = None) -> User:
    return User(uid, email or f"{uid}@example.com", uid.title(), "hash", T0, external_id)


def session(sid: str, host_id: str = "h", created_at: float = T0) -> Session:
    return Session(sid, f"Interview {sid}", host_id, "active", created_at)


def member(sid: str, uid: str, role: Role = "candidate", at: float = T0) -> Participant:
    return Participant(sid, uid, uid.title(), role, at, guest=role == "observer")


def host_of(s: Session) -> Participant:
    return member(s.id, s.host_id, "host", s.created_at)


def invite(iid: str, sid: str = "s1", at: float = T0) -> Invite:
    return Invite(iid, sid, "candidate", "h", at, at + HOUR)


async def started(directory: Directory, sid: str, host_id: str = "h", at: float = T0) -> Session:
    s = session(sid, host_id, at)
    await directory.create_session(s, host_of(s))
    return s


# -- accounts -------------------------------------------------------------------------------


async def test_create_and_get_user(directory: Directory) -> None:
    alice = user("alice")
    await directory.create_user(alice)
    assert await directory.user_by_id("alice") == alice
    assert await directory.user_by_id("nobody") is None
    assert await directory.user_by_email("nobody@example.com") is None
    assert await directory.user_by_external_id("idp|nobody") is None


async def test_provisioned_user_without_password(directory: Directory) -> None:
    bob = User("bob", "bob@example.com", "Bob", None, T0, "https://idp|42")
    await directory.create_user(bob)
    assert await directory.user_by_id("bob") == bob


async def test_email_is_stored_lower_cased_and_matched_case_insensitively(
    directory: Directory,
) -> None:
    await directory.create_user(user("alice", "Alice@Example.COM"))
    stored = await directory.user_by_id("alice")
    assert stored is not None and stored.email == "alice@example.com"
    assert await directory.user_by_email("ALICE@example.com") == stored
    assert await directory.user_by_email("alice@example.com") == stored


async def test_email_is_unique_whatever_its_case(directory: Directory) -> None:
    await directory.create_user(user("alice", "alice@example.com"))
    with pytest.raises(Conflict):
        await directory.create_user(user("alice2", "ALICE@example.com"))
    assert await directory.user_by_id("alice2") is None


async def test_user_id_is_unique(directory: Directory) -> None:
    await directory.create_user(user("alice"))
    with pytest.raises(Conflict):
        await directory.create_user(user("alice", "other@example.com"))


async def test_external_id_lookup_and_uniqueness(directory: Directory) -> None:
    await directory.create_user(user("a", external_id="idp|1"))
    # Accounts without an external id do not collide with each other.
    await directory.create_user(user("b"))
    await directory.create_user(user("c"))
    found = await directory.user_by_external_id("idp|1")
    assert found is not None and found.id == "a"
    with pytest.raises(Conflict):
        await directory.create_user(user("d", external_id="idp|1"))
    assert await directory.user_by_id("d") is None


# -- sessions -------------------------------------------------------------------------------


async def test_create_session_with_its_host(directory: Directory) -> None:
    s = await started(directory, "s1")
    assert await directory.get_session("s1") == s
    assert await directory.participants("s1") == [host_of(s)]
    assert await directory.participant("s1", "h") == host_of(s)
    assert await directory.get_session("nope") is None


async def test_session_optional_fields_round_trip(directory: Directory) -> None:
    s = Session("s1", "T", "h", "active", T0, problem_id="two-sum", language="python")
    await directory.create_session(s, host_of(s))
    assert await directory.get_session("s1") == s


async def test_session_id_is_unique(directory: Directory) -> None:
    await started(directory, "s1")
    with pytest.raises(Conflict):
        await started(directory, "s1", host_id="other")
    assert [p.user_id for p in await directory.participants("s1")] == ["h"]


async def test_end_session_is_idempotent(directory: Directory) -> None:
    await started(directory, "s1")
    ended = await directory.end_session("s1", T0 + 10)
    assert ended is not None and ended.status == "ended" and ended.ended_at == T0 + 10
    again = await directory.end_session("s1", T0 + 99)
    assert again is not None and again.ended_at == T0 + 10
    assert await directory.get_session("s1") == ended
    assert await directory.end_session("nope", T0) is None


async def test_sessions_of_host_and_later_participant(directory: Directory) -> None:
    s1 = await started(directory, "s1", at=T0)
    s2 = await started(directory, "s2", at=T0 + 1)
    await started(directory, "other", host_id="someone-else", at=T0 + 2)
    await directory.add_participant(member("s1", "cand", at=T0 + 5))
    host_page = await directory.sessions_of("h")
    assert host_page.sessions == [s2, s1] and host_page.next_before is None
    assert (await directory.sessions_of("cand")).sessions == [s1]
    assert (await directory.sessions_of("stranger")).sessions == []


async def test_sessions_of_filters_by_status(directory: Directory) -> None:
    await started(directory, "s1", at=T0)
    await started(directory, "s2", at=T0 + 1)
    ended = await directory.end_session("s1", T0 + 2)
    active = await directory.get_session("s2")
    assert (await directory.sessions_of("h", status="ended")).sessions == [ended]
    assert (await directory.sessions_of("h", status="active")).sessions == [active]
    assert len((await directory.sessions_of("h")).sessions) == 2


async def test_sessions_of_pages_newest_first(directory: Directory) -> None:
    # Groups of three share a created_at, so the id has to break ties.
    made = [await started(directory, f"s{i:02}", at=T0 + i // 3) for i in range(25)]
    await started(directory, "not-mine", host_id="x", at=T0 + 5)
    expected = sorted(made, key=lambda s: (s.created_at, s.id), reverse=True)
    pages, before = [], None
    for _ in range(3):
        page = await directory.sessions_of("h", limit=10, before=before)
        pages.append(page.sessions)
        before = page.next_before
        if before is None:
            break
    assert [len(p) for p in pages] == [10, 10, 5]
    assert before is None
    assert [s for p in pages for s in p] == expected


async def test_exact_last_page_has_no_next_cursor(directory: Directory) -> None:
    for i in range(4):
        await started(directory, f"s{i}", at=T0 + i)
    first = await directory.sessions_of("h", limit=2)
    assert first.next_before is not None
    second = await directory.sessions_of("h", limit=2, before=first.next_before)
    assert [s.id for s in second.sessions] == ["s1", "s0"]
    assert second.next_before is None


async def test_bad_cursor_is_refused(directory: Directory) -> None:
    with pytest.raises(BadCursor):
        await directory.sessions_of("h", before="garbage")


async def test_removed_participant_no_longer_sees_the_session(directory: Directory) -> None:
    await started(directory, "s1")
    await directory.add_participant(member("s1", "cand"))
    assert await directory.remove_participant("s1", "cand") is True
    assert await directory.remove_participant("s1", "cand") is False
    assert await directory.participant("s1", "cand") is None
    assert (await directory.sessions_of("cand")).sessions == []


async def test_delete_session_removes_participants_and_invites(directory: Directory) -> None:
    await started(directory, "s1")
    keep = await started(directory, "s2")
    await directory.add_participant(member("s1", "cand"))
    await directory.create_invite(invite("i1", "s1"))
    await directory.create_invite(invite("i2", "s2"))
    await directory.delete_session("s1")
    await directory.delete_session("never-existed")
    assert await directory.get_session("s1") is None
    assert await directory.participants("s1") == []
    assert await directory.invites_of("s1") == []
    assert await directory.get_invite("i1") is None
    assert (await directory.sessions_of("cand")).sessions == []
    assert (await directory.sessions_of("h")).sessions == [keep]
    assert await directory.get_invite("i2") is not None


# -- participants -----------------------------------------------------------------------------


async def test_add_participant_is_idempotent_and_keeps_the_role(directory: Directory) -> None:
    await started(directory, "s1")
    first = member("s1", "u", "interviewer", T0 + 1)
    assert await directory.add_participant(first) == first
    again = await directory.add_participant(member("s1", "u", "observer", T0 + 2))
    assert again == first
    assert await directory.participant("s1", "u") == first
    host = await directory.add_participant(member("s1", "h", "candidate"))
    assert host.role == "host"
    assert len(await directory.participants("s1")) == 2


async def test_participants_in_joining_order(directory: Directory) -> None:
    await started(directory, "s1")
    # Joining order, not name order nor joined_at order.
    for uid, at in (("zed", T0 + 3), ("amy", T0 + 1), ("obs", T0 + 2)):
        await directory.add_participant(member("s1", uid, at=at))
    await directory.remove_participant("s1", "zed")
    await directory.add_participant(member("s1", "zed", at=T0 + 9))
    listed = await directory.participants("s1")
    assert [p.user_id for p in listed] == ["h", "amy", "obs", "zed"]
    guest = await directory.add_participant(member("s1", "g", "observer"))
    assert guest.guest is True and (await directory.participants("s1"))[-1] == guest
    assert await directory.participants("nope") == []


# -- invites ----------------------------------------------------------------------------------


async def test_create_get_and_list_invites(directory: Directory) -> None:
    await started(directory, "s1")
    first, second = invite("i1", at=T0), invite("i2", at=T0 + 1)
    await directory.create_invite(first)
    await directory.create_invite(second)
    await directory.create_invite(invite("elsewhere", "s2"))
    assert await directory.get_invite("i1") == first
    assert await directory.get_invite("nope") is None
    assert await directory.invites_of("s1") == [first, second]
    assert await directory.invites_of("nope") == []
    with pytest.raises(Conflict):
        await directory.create_invite(invite("i1", at=T0 + 5))


async def test_revoke_invite_is_idempotent(directory: Directory) -> None:
    await directory.create_invite(invite("i1"))
    assert await directory.revoke_invite("i1", T0 + 10) is True
    assert await directory.revoke_invite("i1", T0 + 20) is True
    revoked = await directory.get_invite("i1")
    assert revoked is not None and revoked.revoked_at == T0 + 10
    assert await directory.revoke_invite("nope", T0) is False


async def test_claim_invite_first_claimer_wins(directory: Directory) -> None:
    await directory.create_invite(invite("i1"))
    won = await directory.claim_invite("i1", "alice", T0 + 1)
    assert won is not None and won.redeemed_by == "alice" and won.redeemed_at == T0 + 1
    again = await directory.claim_invite("i1", "alice", T0 + 2)
    assert again == won  # the same claimer re-claims; the first redeemed_at is kept
    assert await directory.claim_invite("i1", "bob", T0 + 3) is None
    assert await directory.get_invite("i1") == won
    assert await directory.claim_invite("nope", "alice", T0) is None


async def test_concurrent_claims_have_exactly_one_winner(directory: Directory) -> None:
    await directory.create_invite(invite("i1"))
    claims = [directory.claim_invite("i1", f"r{n}", T0 + n) for n in range(20)]
    results = await asyncio.gather(*claims)
    winners = [r for r in results if r is not None]
    assert len(winners) == 1
    stored = await directory.get_invite("i1")
    assert stored is not None and stored == winners[0]


# -- revoked tokens ---------------------------------------------------------------------------


async def test_revoked_tokens(directory: Directory) -> None:
    assert await directory.is_token_revoked("jti-1") is False
    now = time.time()  # revocations of long-expired tokens are dropped (below)
    await directory.revoke_token("jti-1", now + HOUR)
    await directory.revoke_token("jti-1", now + 2 * HOUR)
    assert await directory.is_token_revoked("jti-1") is True
    assert await directory.is_token_revoked("jti-2") is False


async def test_revocations_of_long_expired_tokens_are_dropped(directory: Directory) -> None:
    now = time.time()
    await directory.revoke_token("long-gone", now - REVOKED_GRACE_S - HOUR)
    await directory.revoke_token("recent", now - HOUR)  # within the grace: kept
    await directory.revoke_token("live", now + HOUR)
    assert await directory.is_token_revoked("long-gone") is False
    assert await directory.is_token_revoked("recent") is True
    assert await directory.is_token_revoked("live") is True


# -- durability -------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", PERSISTENT, indirect=True)
async def test_directory_survives_reopening(
    backend: str, make_backend: Callable[[], Backend]
) -> None:
    first = make_backend()
    await first.open()
    d = first.directory
    await d.create_user(user("alice", "Alice@example.com", "idp|1"))
    s = await started(d, "s1")
    joined = await d.add_participant(member("s1", "cand", at=T0 + 1))
    await d.create_invite(invite("i1"))
    claimed = await d.claim_invite("i1", "cand", T0 + 2)
    ended = await d.end_session("s1", T0 + 3)
    await d.revoke_token("jti", time.time() + HOUR)
    await first.close()

    second = make_backend()
    await second.open()
    try:
        d = second.directory
        assert await d.user_by_email("alice@EXAMPLE.com") == await d.user_by_external_id("idp|1")
        assert await d.user_by_id("alice") is not None
        assert await d.get_session("s1") == ended
        assert await d.participants("s1") == [host_of(s), joined]
        assert await d.get_invite("i1") == claimed
        assert await d.is_token_revoked("jti") is True
        assert (await d.sessions_of("cand")).sessions == [ended]
        # Joining order continues after the reopen.
        later = await d.add_participant(member("s1", "late", at=T0 + 4))
        assert (await d.participants("s1"))[-1] == later
    finally:
        await second.close()


async def test_sessions_ended_before_a_cutoff_oldest_first(opened: Backend) -> None:
    directory = opened.directory
    for i, (status, ended) in enumerate(
        [("ended", 10.0), ("ended", 30.0), ("active", None), ("ended", 20.0), ("ended", 99.0)]
    ):
        session = Session(f"r{i}", "t", "host", "active", float(i))
        await directory.create_session(session, Participant(f"r{i}", "host", "H", "host", 0.0))
        if status == "ended":
            assert ended is not None
            await directory.end_session(f"r{i}", ended)
    found = await directory.sessions_ended_before(50.0)
    assert [s.id for s in found] == ["r0", "r3", "r1"]
    assert [s.id for s in await directory.sessions_ended_before(50.0, limit=1)] == ["r0"]
