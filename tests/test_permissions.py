"""server/permissions.py: every decision, role by role (the REST matrix and the room tests
check that the endpoints and rooms ask these)."""

from __future__ import annotations

import pytest

from server import permissions as p

ROLES = p.ROLES  # host, interviewer, candidate, observer


def answers(decide: object) -> tuple[bool, ...]:
    return tuple(decide(role) for role in ROLES)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (p.is_interviewer, (True, True, False, False)),
        (p.can_change_settings, (True, True, False, False)),
        (p.can_manage_session, (True, False, False, False)),
        (p.can_read_history, (True, True, False, False)),
        (p.may_be_removed, (False, True, True, True)),
        (p.sees_every_submitted_scorecard, (True, False, False, False)),
        (p.can_redeem_without_account, (False, False, True, True)),
        (p.invite_admits_one_person, (False, False, True, False)),
        (lambda r: p.can_view_document(r, "code"), (True, True, True, True)),
        (lambda r: p.can_view_document(r, "notes"), (True, True, False, False)),
        (lambda r: p.can_view_document(r, "meta"), (False, False, False, False)),
        (lambda r: p.can_chat(r, ended=False), (True, True, True, False)),
        (lambda r: p.can_chat(r, ended=True), (False, False, False, False)),
        (lambda r: p.can_report_signals(r, ended=False), (False, False, True, False)),
        (lambda r: p.can_report_signals(r, ended=True), (False, False, False, False)),
        (lambda r: p.can_run_code(r, runs_disabled=False), (True, True, True, False)),
        (lambda r: p.can_run_code(r, runs_disabled=True), (True, True, False, False)),
    ],
)
def test_each_role_gets_its_answer(decision: object, expected: tuple[bool, ...]) -> None:
    assert answers(decision) == expected


@pytest.mark.parametrize(
    ("doc", "ended", "locked", "expected"),
    [
        ("code", False, False, (True, True, True, False)),
        ("code", False, True, (True, True, False, False)),  # the lock holds candidates only
        ("code", True, False, (False, False, False, False)),
        ("notes", False, True, (True, True, False, False)),
        ("notes", True, False, (False, False, False, False)),
    ],
)
def test_who_may_edit_a_document(
    doc: str, ended: bool, locked: bool, expected: tuple[bool, ...]
) -> None:
    assert answers(lambda r: p.can_edit_document(r, doc, ended=ended, locked=locked)) == expected


def test_nobody_without_a_role_sees_a_session() -> None:
    assert not p.can_view_session(None) and not p.can_manage_session(None)
    assert all(p.can_view_session(role) for role in ROLES)
