import { useState } from "react";
import type { Problem } from "../api/types";
import { canChangeSettings } from "../auth/permissions";
import type { RoomModel, RoomView } from "../collab/room";
import { getProblem } from "../api/problems";
import { chooseProblem } from "./choose";
import { ProblemPicker } from "./ProblemPicker";

/** The interviewer's "Choose a problem" button and picker, for the problem panel. */
export function ChooseProblem({ model, view }: { model: RoomModel; view: RoomView }) {
  const [open, setOpen] = useState(false);
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
