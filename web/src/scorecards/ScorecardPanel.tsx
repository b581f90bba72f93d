import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { messageOf } from "../api/errors";
import { Dialog } from "../ui/Dialog";
import { LockIcon, PlusIcon } from "../ui/icons";
import { ErrorState, LoadingState, Spinner } from "../ui/States";
import { myScorecard, saveScorecard, submitScorecard, type Scorecard, type ScorecardDraft } from "./api";
import { Autosaver, type AutosaveState } from "./autosave";
import { PanelScorecards } from "./PanelScorecards";
import { RatingScale } from "./RatingScale";
import { cleanSkill, DEFAULT_SKILLS, skillsOf } from "./scale";
import "./scorecards.css";

type Load = { status: "loading" } | { status: "ready"; card: Scorecard } | { status: "error"; message: string };

const STATUS_TEXT: Record<AutosaveState["status"], string> = {
  saved: "Saved",
  pending: "Unsaved changes…",
  saving: "Saving…",
  error: "Couldn't save",
};

/** The interviewer's own, private scorecard, autosaved; the host also sees the panel's. */
export function ScorecardPanel({ sessionId, isHost }: { sessionId: string; isHost: boolean }) {
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoad({ status: "loading" });
    myScorecard(sessionId).then(
      (card) => live && setLoad({ status: "ready", card }),
      (error: unknown) => live && setLoad({ status: "error", message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [sessionId, attempt]);

  if (load.status === "loading") return <LoadingState label="Loading your scorecard…" />;
  if (load.status === "error") {
    return (
      <ErrorState
        title="Couldn't load your scorecard"
        message={load.message}
        actions={
          <button className="btn btn-sm" type="button" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        }
      />
    );
  }
  return (
    <div className="scorecard">
      <ScorecardForm sessionId={sessionId} initial={load.card} isHost={isHost} />
      {isHost ? <PanelScorecards sessionId={sessionId} /> : null}
    </div>
  );
}

function ScorecardForm({ sessionId, initial, isHost }: { sessionId: string; initial: Scorecard; isHost: boolean }) {
  const [draft, setDraft] = useState<ScorecardDraft>({ ratings: initial.ratings, notes: initial.notes, recommendation: initial.recommendation });
  const [added, setAdded] = useState<string[]>([]);
  const [newSkill, setNewSkill] = useState("");
  const [save, setSave] = useState<AutosaveState>({ status: "saved", error: null });
  const [submitted, setSubmitted] = useState(initial.submitted);
  const [confirming, setConfirming] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const saver = useRef<Autosaver<ScorecardDraft> | null>(null);
  saver.current ??= new Autosaver((value) => saveScorecard(sessionId, value), setSave, messageOf);
  useEffect(() => () => saver.current?.dispose(), []);

  const update = useCallback((change: (d: ScorecardDraft) => ScorecardDraft) => {
    setDraft((current) => {
      const next = change(current);
      saver.current?.change(next);
      return next;
    });
  }, []);

  const rate = (skill: string, value: number | null) =>
    update((d) => {
      const ratings = { ...d.ratings };
      if (value === null) delete ratings[skill];
      else ratings[skill] = value;
      return { ...d, ratings };
    });

  const skills = skillsOf(draft.ratings, added);
  const addSkill = (event: FormEvent) => {
    event.preventDefault();
    const skill = cleanSkill(newSkill, skills);
    if (!skill) return;
    setAdded((list) => [...list, skill]);
    setNewSkill("");
  };
  const removeSkill = (skill: string) => {
    setAdded((list) => list.filter((s) => s !== skill));
    if (skill in draft.ratings) rate(skill, null);
  };

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      await saver.current?.flush();
      await submitScorecard(sessionId);
      setSubmitted(true);
      setConfirming(false);
    } catch (error) {
      setSubmitError(messageOf(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form className="scorecard-form" onSubmit={(e) => e.preventDefault()} aria-labelledby="scorecard-title">
      <div className="scorecard-head">
        <h2 id="scorecard-title">Your scorecard</h2>
        <span className="scorecard-save" data-status={save.status} role="status" aria-live="polite">
          {save.status === "saving" ? <Spinner small /> : null}
          {STATUS_TEXT[save.status]}
          {save.error ? <span className="faint"> — {save.error} Retrying…</span> : null}
        </span>
      </div>
      <p className="scorecard-note">
        <LockIcon size={13} />{" "}
        {isHost
          ? "Private to you. Candidates never see scorecards."
          : "Private to you until you submit; then the host can read it. Candidates never see scorecards."}
      </p>
      {submitted ? (
        <p className="pill pill-accent scorecard-submitted" data-testid="scorecard-submitted">
          Submitted — later edits are saved too
        </p>
      ) : null}

      <div className="scorecard-skills">
        {skills.map((skill, index) => {
          const custom = !(DEFAULT_SKILLS as readonly string[]).includes(skill);
          const value = draft.ratings[skill] ?? null;
          return (
            <div key={skill} className="scorecard-skill" data-skill={skill}>
              <div className="scorecard-skill-head">
                <span className="scorecard-skill-name">{skill}</span>
                <span className="scorecard-skill-actions">
                  {value !== null ? (
                    <button className="link-button" type="button" onClick={() => rate(skill, null)} aria-label={`Clear ${skill}`}>
                      Clear
                    </button>
                  ) : null}
                  {custom ? (
                    <button className="link-button" type="button" onClick={() => removeSkill(skill)} aria-label={`Remove ${skill}`}>
                      Remove
                    </button>
                  ) : null}
                </span>
              </div>
              <RatingScale name={`skill-${index}`} label={skill} value={value} onChange={(v) => rate(skill, v)} />
            </div>
          );
        })}
      </div>

      <div className="scorecard-add">
        <label className="sr-only" htmlFor="scorecard-new-skill">
          Add a skill
        </label>
        <input
          id="scorecard-new-skill"
          className="input input-sm"
          placeholder="Add a skill, e.g. System design"
          value={newSkill}
          maxLength={60}
          onChange={(e) => setNewSkill(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && addSkill(e)}
        />
        <button className="btn btn-sm" type="button" onClick={addSkill} disabled={!cleanSkill(newSkill, skills)}>
          <PlusIcon size={13} /> Add
        </button>
      </div>

      <div className="field">
        <label htmlFor="scorecard-notes">Notes</label>
        <textarea
          id="scorecard-notes"
          className="input scorecard-notes"
          rows={5}
          maxLength={20_000}
          value={draft.notes}
          placeholder="What you saw: approach, trade-offs, hints needed, how they tested…"
          onChange={(e) => {
            const notes = e.target.value;
            update((d) => ({ ...d, notes }));
          }}
        />
      </div>

      <div className="scorecard-skill scorecard-overall">
        <div className="scorecard-skill-head">
          <span className="scorecard-skill-name">Overall recommendation</span>
        </div>
        <RatingScale
          name="recommendation"
          label="Overall recommendation"
          value={draft.recommendation}
          onChange={(v) => update((d) => ({ ...d, recommendation: v }))}
        />
      </div>

      <div className="scorecard-actions">
        <button
          className="btn btn-primary"
          type="button"
          onClick={() => setConfirming(true)}
          disabled={draft.recommendation === null}
          title={draft.recommendation === null ? "Choose an overall recommendation first" : undefined}
        >
          {submitted ? "Submit again" : "Submit scorecard"}
        </button>
        {draft.recommendation === null ? <span className="faint">Choose an overall recommendation to submit.</span> : null}
      </div>

      <Dialog open={confirming} onClose={() => setConfirming(false)} labelledBy="submit-scorecard-title">
        <div className="dialog-body">
          <div>
            <h2 id="submit-scorecard-title">Submit your scorecard?</h2>
            <p className="muted">
              {isHost
                ? "It is marked as submitted in the session report."
                : "The host will be able to read your ratings, notes and recommendation."}{" "}
              You can still change it afterwards; changes are saved as you make them.
            </p>
          </div>
          {submitError ? (
            <div className="form-error" role="alert">
              {submitError}
            </div>
          ) : null}
          <div className="dialog-actions">
            <button className="btn btn-ghost" type="button" onClick={() => setConfirming(false)} autoFocus>
              Not yet
            </button>
            <button className="btn btn-primary" type="button" onClick={() => void submit()} disabled={submitting}>
              {submitting ? <Spinner small /> : null}
              Submit
            </button>
          </div>
        </div>
      </Dialog>
    </form>
  );
}
