import { useState } from "react";
import { messageOf } from "../api/errors";
import { createInvite } from "../api/sessions";
import type { Invite, InviteRole } from "../api/types";
import { formatDate } from "../format/time";
import { Dialog } from "../ui/Dialog";
import { CheckIcon, CopyIcon, LinkIcon } from "../ui/icons";
import { Spinner } from "../ui/States";

const KINDS: { role: InviteRole; title: string; text: string }[] = [
  { role: "candidate", title: "Candidate", text: "Joins with just a name. The link works in one browser only." },
  { role: "interviewer", title: "Interviewer", text: "A co-interviewer with an account; sees and writes the private notes." },
  { role: "observer", title: "Observer", text: "Watches live without editing, e.g. a shadowing colleague." },
];

type RowState = { status: "idle" } | { status: "busy" } | { status: "ready"; invite: Invite; copied: boolean } | { status: "error"; message: string };

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // not a secure context, or permission denied: the link is selectable below
  }
}

function InviteRow({ sessionId, role, title, text }: { sessionId: string; role: InviteRole; title: string; text: string }) {
  const [state, setState] = useState<RowState>({ status: "idle" });
  const create = async () => {
    setState({ status: "busy" });
    try {
      const invite = await createInvite(sessionId, role);
      const copied = await copy(invite.url);
      setState({ status: "ready", invite, copied });
    } catch (e) {
      setState({ status: "error", message: messageOf(e) });
    }
  };
  const again = async (invite: Invite) => setState({ status: "ready", invite, copied: await copy(invite.url) });
  const inputId = `invite-url-${role}`;
  return (
    <li className="invite-row" data-role={role}>
      <div className="invite-row-head">
        <div>
          <h3>{title}</h3>
          <p className="muted">{text}</p>
        </div>
        {state.status === "ready" ? null : (
          <button className="btn btn-sm" type="button" onClick={create} disabled={state.status === "busy"} aria-label={`Copy ${title.toLowerCase()} link`}>
            {state.status === "busy" ? <Spinner small /> : <LinkIcon size={14} />}
            Copy link
          </button>
        )}
      </div>
      {state.status === "error" ? (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === "ready" ? (
        <div className="invite-link">
          <label className="sr-only" htmlFor={inputId}>
            {title} invite link
          </label>
          <input id={inputId} className="input" readOnly value={state.invite.url} onFocus={(e) => e.currentTarget.select()} data-invite-url={role} />
          <button className="btn btn-sm" type="button" onClick={() => void again(state.invite)}>
            {state.copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
            {state.copied ? "Copied" : "Copy"}
          </button>
          <p className="field-hint" role="status">
            {state.copied ? "Copied to the clipboard. " : "Select the link to copy it. "}
            Valid until {formatDate(state.invite.expires_at)}.
          </p>
        </div>
      ) : null}
    </li>
  );
}

export function InviteDialog({ sessionId, open, onClose }: { sessionId: string; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} labelledBy="invite-title">
      <div className="dialog-body">
        <div>
          <h2 id="invite-title">Invite people</h2>
          <p className="muted">Each click creates a new personal link. Send it by email or chat.</p>
        </div>
        <ul className="invite-list">
          {KINDS.map((kind) => (
            <InviteRow key={kind.role} sessionId={sessionId} {...kind} />
          ))}
        </ul>
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}
