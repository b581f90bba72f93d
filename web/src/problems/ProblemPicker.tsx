import { useEffect, useMemo, useState } from "react";
import { messageOf } from "../api/errors";
import type { Problem } from "../api/types";
import { Dialog } from "../ui/Dialog";
import { Spinner } from "../ui/States";
import { searchProblems } from "../api/problems";
import type { ProblemQuery } from "../api/types";
import "./problems.css";

type Results = { status: "loading" } | { status: "ready"; problems: Problem[] } | { status: "error"; message: string };

const SEARCH_DELAY_MS = 200;

/** Interviewers: search the bank (title and statement, difficulty, tag) and pick the
 * session's problem. */
export function ProblemPicker({
  open,
  currentId,
  onClose,
  onChoose,
}: {
  open: boolean;
  currentId: string | null;
  onClose: () => void;
  onChoose: (problem: Problem) => Promise<void>;
}) {
  const [query, setQuery] = useState<ProblemQuery>({ q: "", difficulty: "", tag: "" });
  const [results, setResults] = useState<Results>({ status: "loading" });
  const [tags, setTags] = useState<string[]>([]);
  const [choosing, setChoosing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setResults((r) => (r.status === "ready" ? r : { status: "loading" }));
    const timer = setTimeout(() => {
      searchProblems(query, abort.signal).then(
        (problems) => {
          setResults({ status: "ready", problems });
          // The tag menu lists every tag seen so far, so narrowing never hides the others.
          setTags((known) => [...new Set([...known, ...problems.flatMap((p) => p.tags ?? [])])].sort());
        },
        (e: unknown) => !abort.signal.aborted && setResults({ status: "error", message: messageOf(e) }),
      );
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [open, query]);

  const choose = async (problem: Problem) => {
    setChoosing(problem.id);
    setError(null);
    try {
      await onChoose(problem);
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setChoosing(null);
    }
  };

  const list = results.status === "ready" ? results.problems : [];
  const count = useMemo(() => (results.status === "ready" ? `${list.length} problem${list.length === 1 ? "" : "s"}` : ""), [results, list.length]);

  return (
    <Dialog open={open} onClose={onClose} labelledBy="problem-picker-title">
      <div className="dialog-body picker">
        <div>
          <h2 id="problem-picker-title">Choose a problem</h2>
          <p className="muted">Everyone sees its statement; an empty editor gets its starter code.</p>
        </div>
        <div className="picker-filters" role="search">
          <label className="sr-only" htmlFor="picker-search">
            Search problems
          </label>
          <input
            id="picker-search"
            className="input"
            type="search"
            placeholder="Search problems…"
            value={query.q}
            onChange={(e) => setQuery({ ...query, q: e.target.value })}
            autoFocus
          />
          <label className="sr-only" htmlFor="picker-difficulty">
            Difficulty
          </label>
          <select
            id="picker-difficulty"
            className="select"
            value={query.difficulty}
            onChange={(e) => setQuery({ ...query, difficulty: e.target.value as ProblemQuery["difficulty"] })}
          >
            <option value="">Any difficulty</option>
            <option value="easy">Easy</option>
            <option value="medium">Medium</option>
            <option value="hard">Hard</option>
          </select>
          <label className="sr-only" htmlFor="picker-tag">
            Tag
          </label>
          <select id="picker-tag" className="select" value={query.tag} onChange={(e) => setQuery({ ...query, tag: e.target.value })}>
            <option value="">Any tag</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="picker-results" aria-live="polite" aria-busy={results.status === "loading"}>
          {results.status === "loading" ? (
            <p className="picker-state">
              <Spinner small /> Loading problems…
            </p>
          ) : results.status === "error" ? (
            <p className="picker-state" role="alert">
              Couldn't load the problem bank: {results.message}
            </p>
          ) : list.length === 0 ? (
            <p className="picker-state">No problem matches. Try fewer words or another filter.</p>
          ) : (
            <>
              <p className="picker-count faint">{count}</p>
              <ul className="picker-list">
                {list.map((problem) => (
                  <li key={problem.id}>
                    <button
                      type="button"
                      className="picker-item"
                      data-problem-id={problem.id}
                      aria-current={problem.id === currentId ? "true" : undefined}
                      disabled={choosing !== null}
                      onClick={() => void choose(problem)}
                    >
                      <span className="picker-item-title">{problem.title}</span>
                      <span className="picker-item-tags">
                        {problem.difficulty ? <span className={`pill difficulty-${problem.difficulty}`}>{problem.difficulty}</span> : null}
                        {(problem.tags ?? []).map((tag) => (
                          <span key={tag} className="pill">
                            {tag}
                          </span>
                        ))}
                        {problem.id === currentId ? <span className="pill pill-accent">current</span> : null}
                        {choosing === problem.id ? <Spinner small /> : null}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="dialog-actions">
          <button className="btn btn-ghost" type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}
