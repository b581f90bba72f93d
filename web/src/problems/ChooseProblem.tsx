import { useEffect, useRef, useState } from "react";
import type { Problem } from "../api/types";
import { canChangeSettings } from "../auth/permissions";
import type { RoomModel, RoomView } from "../collab/room";
import { META_PROBLEM, metaMap } from "../collab/schema";
import { getProblem } from "../api/problems";
import { chooseProblem } from "./choose";
import { ProblemPicker } from "./ProblemPicker";

/** The interviewer's "Choose a problem" button and picker, for the problem panel. */
export function ChooseProblem({ model, view }: { model: RoomModel; view: RoomView }) {
  const [open, setOpen] = useState(false);
  useStarterForNewSession(model, view);
  if (!canChangeSettings(view.me.role) || view.ended) return null;

  const onChoose = async (summary: Problem) => {
    const problem = await getProblem(summary.id); // the full problem, with its starter code
    chooseProblem(model.code.doc, model.codeText, problem, view.language);
  };
  return (
    <>
      <button className="btn btn-sm" type="button" onClick={() => setOpen(true)}>
        {view.problemId ? "Change problem" : "Choose a problem"}
      </button>
      <ProblemPicker open={open} currentId={view.problemId} onClose={() => setOpen(false)} onChoose={onChoose} />
    </>
  );
}

/** A session created with a problem (the dashboard's dialog) starts with its starter code:
 * the host's browser puts it in once, when the code document has synced from the server and
 * is still empty, and records the choice in `meta.problem_id` so it happens only once. */
function useStarterForNewSession(model: RoomModel, view: RoomView): void {
  const done = useRef(false);
  const { loaded, ended, language } = view;
  const sessionProblem = view.session.problem_id;
  const host = view.me.role === "host";
  useEffect(() => {
    if (done.current || !host || ended || !loaded || !sessionProblem) return;
    const provider = model.code.socket.provider;
    const meta = metaMap(model.code.doc);
    if (!provider.synced || meta.has(META_PROBLEM)) return;
    done.current = true;
    getProblem(sessionProblem).then(
      (problem) => {
        if (!meta.has(META_PROBLEM) && model.codeText.toString().trim() === "") chooseProblem(model.code.doc, model.codeText, problem, language);
      },
      () => (done.current = false),
    );
  }, [model, host, ended, loaded, sessionProblem, language, view.connection]);
}
