import { useEffect, useState, type FormEvent } from "react";
import { messageOf } from "../api/errors";
import { createSession, listProblems } from "../api/sessions";
import type { Problem } from "../api/types";
import { roomPath } from "../nav/routes";
import { navigate } from "../nav/router";
import { LANGUAGES, type LanguageId } from "../editor/languages";
import { Dialog } from "../ui/Dialog";
import { Spinner } from "../ui/States";

type Problems = { status: "loading" } | { status: "none" } | { status: "ready"; problems: Problem[] };

export function NewInterviewDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [title, setTitle] = useState("");
  const [language, setLanguage] = useState<LanguageId>("python");
  const [problemId, setProblemId] = useState("");
  const [problems, setProblems] = useState<Problems>({ status: "loading" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let live = true;
    // The problem bank is a later feature: without it (404) the picker is simply not shown.
    listProblems().then(
      (list) => live && setProblems(list === null ? { status: "none" } : { status: "ready", problems: list }),
      () => live && setProblems({ status: "none" }),
    );
    return () => {
      live = false;
    };
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) {
      setError("Give the interview a title, e.g. “Backend engineer — Ada Lovelace”.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await createSession({ title: title.trim(), language, problem_id: problemId || null });
      navigate(roomPath(session.id));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} labelledBy="new-interview-title">
      <form className="dialog-body" onSubmit={submit} noValidate>
        <div>
          <h2 id="new-interview-title">New interview</h2>
          <p className="muted">You'll get a room to share with your candidate.</p>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="interview-title">Title</label>
          <input
            id="interview-title"
            className="input"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Backend engineer — onsite round 2"
            maxLength={200}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="interview-language">Language</label>
          <select id="interview-language" className="select" value={language} onChange={(e) => setLanguage(e.target.value as LanguageId)}>
            {LANGUAGES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
          <span className="field-hint">You can switch languages during the interview.</span>
        </div>
        {problems.status === "ready" && problems.problems.length > 0 ? (
          <div className="field">
            <label htmlFor="interview-problem">Problem</label>
            <select id="interview-problem" className="select" value={problemId} onChange={(e) => setProblemId(e.target.value)}>
              <option value="">No problem — a blank editor</option>
              {problems.problems.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                  {p.difficulty ? ` · ${p.difficulty}` : ""}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="dialog-actions">
          <button className="btn btn-ghost" type="button" onClick={onClose}>
            Cancel
          </button>
          <button className="btn btn-primary" type="submit" disabled={busy}>
            {busy ? <Spinner small /> : null}
            {busy ? "Creating…" : "Create interview"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
