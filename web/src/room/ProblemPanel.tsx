import { useEffect, useState } from "react";
import { messageOf } from "../api/errors";
import { sessionProblem } from "../api/sessions";
import type { Problem } from "../api/types";
import { isInterviewer } from "../auth/permissions";
import type { RoomModel, RoomView } from "../collab/room";
import { Markdown } from "../markdown/Markdown";
import { ChooseProblem } from "../problems/ChooseProblem";
import { DocIcon } from "../ui/icons";
import { Spinner } from "../ui/States";

type Load = { status: "none" } | { status: "loading" } | { status: "ready"; problem: Problem } | { status: "error"; message: string };

/** The session's problem statement (markdown, rendered without HTML), or an empty state;
 * interviewers also get the problem picker. */
export function ProblemPanel({ model, view, bearer }: { model: RoomModel; view: RoomView; bearer: string | null }) {
  const { problemId, session } = view;
  const [load, setLoad] = useState<Load>({ status: problemId ? "loading" : "none" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!problemId) return setLoad({ status: "none" });
    let live = true;
    setLoad({ status: "loading" });
    sessionProblem(session.id, problemId, bearer).then(
      (problem) => live && setLoad(problem ? { status: "ready", problem } : { status: "none" }),
      (error: unknown) => live && setLoad({ status: "error", message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [session.id, problemId, bearer, attempt]);

  if (load.status === "ready") {
    const { problem } = load;
    return (
      <article className="problem" aria-labelledby="problem-title">
        <header className="problem-header">
          <h2 className="problem-title" id="problem-title">
            {problem.title}
          </h2>
          <div className="problem-actions">
            <ChooseProblem model={model} view={view} />
          </div>
          <div className="problem-tags">
            {problem.difficulty ? <span className={`pill difficulty-${problem.difficulty}`}>{problem.difficulty}</span> : null}
            {(problem.tags ?? []).map((tag) => (
              <span key={tag} className="pill">
                {tag}
              </span>
            ))}
          </div>
        </header>
        {problem.statement ? <Markdown source={problem.statement} className="markdown problem-body" /> : null}
      </article>
    );
  }
  return (
    <div className="problem">
      <h2 className="problem-title">{session.title}</h2>
      {load.status === "loading" ? (
        <p className="problem-loading">
          <Spinner small /> Loading the problem…
        </p>
      ) : load.status === "error" ? (
        <div className="problem-empty" role="alert">
          <p>Couldn't load the problem statement.</p>
          <p className="faint">{load.message}</p>
          <button className="btn btn-sm" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : (
        <div className="problem-empty">
          <DocIcon size={20} />
          <p>No written problem for this interview.</p>
          <p className="faint">
            {isInterviewer(view.me.role)
              ? "Explain the task out loud, or paste it into the editor as a comment so the candidate can refer back to it."
              : "Your interviewer will walk you through the task. Ask in the chat if anything is unclear."}
          </p>
          <div className="problem-actions">
            <ChooseProblem model={model} view={view} />
          </div>
        </div>
      )}
    </div>
  );
}
