"""The room documents' schema, written once: the documents of a session, the shared types at
their roots, and the keys of what those hold (docs/interface.md, "Document schemas"; the web
app's side is web/src/collab/schema.ts).

Read and write the documents through `CodeDoc(doc)` / `NotesDoc(doc)` (pycrdt's TypedDoc:
each root comes typed by its name) and the key names below, never through string literals.
"""

from typing import Any

from pycrdt import Array, Map, Text, TypedDoc

# Documents of a session: `{session_id}/{name}` is a room key.
CODE = "code"  # the editor and the session's shared state: everyone in the session
NOTES = "notes"  # the interviewers' private notes
DOCUMENTS = (CODE, NOTES)


class CodeDoc(TypedDoc):
    code: Text  # the editor buffer
    meta: Map[Any]  # the session's settings (Meta below): interviewers only
    chat: Array[Any]  # chat messages, append-only for candidates
    runs: Array[Any]  # code runs and their results, append-only for candidates
    events: Array[Any]  # integrity signals (paste, tab leave), the candidate's own


class NotesDoc(TypedDoc):
    notes: Text


class Meta:
    """Keys of `CodeDoc.meta`."""

    LANGUAGE = "language"
    PROBLEM_ID = "problem_id"
    LOCKED = "locked"  # the candidate may not edit
    RUNS_DISABLED = "runs_disabled"  # the candidate may not run code
    ENDED = "ended"  # written by the server when the session ends


# The append-only arrays of `CodeDoc` and, for each, the keys naming an entry's writer.
CHAT, RUNS, EVENTS = "chat", "runs", "events"
LOGS = (CHAT, RUNS, EVENTS)
WRITER_ID = {CHAT: "author_id", RUNS: "by", EVENTS: "by"}
WRITER_NAME = {CHAT: "author_name", RUNS: "by_name", EVENTS: "by_name"}
