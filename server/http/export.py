"""Session reports (Markdown or JSON), deleting a session, and the retention sweep."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

from server import permissions, schema
from server.closecodes import CloseCode
from server.http.api import Api, ApiError
from server.http.context import Ctx, Services
from server.http.scorecards import card_view, visible_cards
from server.http.views import session_view
from server.problems.bank import ProblemBank
from server.schema import CodeDoc, Meta, NotesDoc

api = Api()
log = logging.getLogger("codesync.retention")

RETENTION_SWEEP_S = 3600.0


async def build_report(ctx: Ctx) -> dict[str, Any]:
    session = ctx.the_session()
    services = ctx.services
    participants = await services.directory.participants(session.id)
    code = CodeDoc(await services.rooms.read_document(f"{session.id}/{schema.CODE}"))
    notes = NotesDoc(await services.rooms.read_document(f"{session.id}/{schema.NOTES}"))
    meta = code.meta.to_py() or {}
    problem_id = meta.get(Meta.PROBLEM_ID) or session.problem_id
    problem = None
    if isinstance(problem_id, str):
        panel = [p.user_id for p in participants if permissions.is_interviewer(p.role)]
        found = await ProblemBank(services.problems).get_for(problem_id, panel)
        problem = (
            {"id": found.id, "title": found.title, "statement": found.statement} if found else None
        )
    return {
        "session": session_view(session, participants),
        "language": meta.get(Meta.LANGUAGE) or session.language,
        "problem": problem,
        "code": str(code.code),
        "chat": code.chat.to_py() or [],
        "runs": code.runs.to_py() or [],
        "events": code.events.to_py() or [],
        "notes": str(notes.notes),
        "scorecards": [card_view(c) for c in await visible_cards(ctx)],
        "exported_at": time.time(),
    }


# Browsers stamp chat messages, runs and events in milliseconds (`Date.now()`), the server
# in seconds; no date in seconds is this large before the year 5138.
_MILLISECONDS_FROM = 1e11


def _when(ts: object) -> str:
    if not isinstance(ts, int | float) or not ts:
        return "—"
    seconds = float(ts) / 1000 if ts > _MILLISECONDS_FROM else float(ts)
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (ValueError, OverflowError, OSError):  # a tampered client's nonsense
        return "—"


# Everything in the report but our own headings and labels was written by someone in the
# session (a candidate's name and chat, a panelist's notes, a problem's author), so none of it
# may become Markdown structure: a chat message must not open a "## Scorecard" of its own.
# Characters with an inline meaning are escaped wherever they are; those that open a block
# (heading, quote, list, rule, setext underline) where a line starts.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_BULLET_OR_RULE = re.compile(r"^([ \t]*)([+=-])")
_ORDERED_ITEM = re.compile(r"^([ \t]*\d+)([.)])")
_INFO_STRING = re.compile(r"[^A-Za-z0-9_+.-]")


def _escape_line(line: str) -> str:
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _BULLET_OR_RULE.sub(r"\1\\\2", line)
    return _ORDERED_ITEM.sub(r"\1\\\2", line)


def _inline(value: object) -> str:
    """One line of user text inside our own line (a heading, a list item)."""
    return _escape_line(" ".join(str(value).splitlines()))


def _lines(value: object) -> list[str]:
    """User text of several lines, kept as lines (hard breaks) but never as structure.
    splitlines() also splits at the breaks CommonMark ignores, which only escapes more."""
    lines = [_escape_line(line) for line in str(value).splitlines()]
    return [
        f"{line}\\" if line and i + 1 < len(lines) and lines[i + 1] else line
        for i, line in enumerate(lines)
    ]


def _fence(text: str, language: str = "") -> str:
    """Code verbatim, in a fence longer than any backtick run inside it."""
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{_INFO_STRING.sub('', language)}\n{text}\n{fence}"


def to_markdown(report: dict[str, Any]) -> str:
    session = report["session"]
    lines = [
        f"# {_inline(session['title'])}",
        "",
        f"- Status: {session['status']}",
        f"- Started: {_when(session['created_at'])}; ended: {_when(session['ended_at'])}",
        "- Participants: "
        + ", ".join(f"{_inline(p['name'])} ({p['role']})" for p in session["participants"]),
        "",
    ]
    if report["problem"]:
        lines += [
            f"## Problem: {_inline(report['problem']['title'])}",
            "",
            *_lines(report["problem"]["statement"]),
            "",
        ]
    language = str(report["language"] or "")
    lines += [
        f"## Final code ({_inline(language or 'plain text')})",
        "",
        _fence(report["code"], language),
        "",
    ]
    if report["runs"]:
        lines += ["## Runs", ""]
        for run in report["runs"]:
            lines += [
                f"- {_when(run.get('ts'))}: {_inline(run.get('language'))}"
                f" exit {_inline(run.get('exit_code'))} in {_inline(run.get('duration_ms'))} ms"
            ]
        lines.append("")
    if report["chat"]:
        lines += ["## Chat", ""]
        for m in report["chat"]:
            first, *more = _lines(m.get("text")) or [""]
            lines.append(f"- **{_inline(m.get('author_name'))}** ({_when(m.get('ts'))}): {first}")
            lines += [f"  {line}" if line else "" for line in more]  # inside the list item
        lines.append("")
    lines += ["## Private notes", "", *(_lines(report["notes"]) or ["_(none)_"]), ""]
    for card in report["scorecards"]:
        state = "submitted" if card["submitted"] else "draft"
        lines += [
            f"## Scorecard: {_inline(card['author_name'])} ({state})",
            "",
            f"Recommendation: **{_inline(card['recommendation_label'] or '—')}**",
            "",
        ]
        lines += [f"- {_inline(skill)}: {value:+d}" for skill, value in card["ratings"].items()]
        lines += ["", *_lines(card["notes"]), ""]
    return "\n".join(lines)


@api.route(
    "GET",
    "/api/sessions/{session_id}/export",
    errors={
        400: "format is not json or markdown",
    },
    auth="session_interviewer",
    tag="reports",
    summary="Download the session report (?format=markdown|json)",
)
async def export_session(ctx: Ctx) -> Response:
    fmt = ctx.request.query_params.get("format", "json")
    if fmt not in ("json", "markdown"):
        raise ApiError(400, "invalid_request", "format must be json or markdown.")
    report = await build_report(ctx)
    name = f"codesync-{ctx.the_session().id}"
    if fmt == "json":
        body, media, name = json.dumps(report, indent=2), "application/json", f"{name}.json"
    else:
        body, media, name = to_markdown(report), "text/markdown; charset=utf-8", f"{name}.md"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


async def delete_everything(services: Services, session_id: str) -> None:
    """A session and all it left behind: documents, logs, scorecards, invites (GDPR)."""
    services.rooms.close_session(session_id, CloseCode.NOT_FOUND, "session deleted")
    for doc in schema.DOCUMENTS:
        await services.updates.delete(f"{session_id}/{doc}")
    await services.scorecards.delete_scorecards(session_id)
    await services.directory.delete_session(session_id)


@api.route(
    "DELETE",
    "/api/sessions/{session_id}",
    auth="host",
    tag="sessions",
    summary="Delete the session and everything recorded in it",
)
async def delete_session(ctx: Ctx) -> dict[str, Any]:
    session_id = ctx.the_session().id
    await delete_everything(ctx.services, session_id)
    return {"deleted": session_id}


async def sweep_once(services: Services, retention_days: float, now: float) -> int:
    """Delete ended sessions older than the retention period; returns how many."""
    cutoff = now - retention_days * 86400
    deleted = 0
    while batch := await services.directory.sessions_ended_before(cutoff, limit=100):
        for session in batch:
            await delete_everything(services, session.id)
            deleted += 1
    if deleted:
        log.info("retention: deleted %d sessions ended before %s", deleted, _when(cutoff))
    return deleted


async def retention_loop(services: Services, retention_days: float) -> None:
    while True:
        try:
            await sweep_once(services, retention_days, time.time())
        except Exception:
            log.exception("retention sweep failed; retrying at the next one")
        await asyncio.sleep(RETENTION_SWEEP_S)
