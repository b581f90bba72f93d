import type { RoomView } from "../collab/room";
import { canManage, isInterviewer, ROLE_LABELS } from "../auth/permissions";
import { Avatar } from "../ui/Avatar";
import { LinkIcon, StopIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { ConnectionBadge } from "./ConnectionBadge";

export function RoomHeader({ view, onInvite, onEnd }: { view: RoomView; onInvite: () => void; onEnd: () => void }) {
  const { session, me, people, connection, ended } = view;
  const online = people.filter((p) => p.online);
  const host = canManage(me.role);
  return (
    <header className="room-header">
      <div className="room-header-left">
        <Logo href={isInterviewer(me.role) ? "/dashboard" : null} />
        <span className="room-header-divider" aria-hidden="true" />
        <h1 className="room-title" title={session.title}>
          {session.title}
        </h1>
        {ended ? (
          <span className="pill pill-ended">Ended</span>
        ) : (
          <span className="pill pill-live">
            <span className="dot" /> Live
          </span>
        )}
      </div>
      <div className="room-header-right">
        <ConnectionBadge connection={connection} />
        <span className="avatar-stack" aria-label={`${online.length} online: ${online.map((p) => p.name).join(", ")}`}>
          {online.slice(0, 5).map((p) => (
            <span key={p.userId} title={`${p.name} · ${ROLE_LABELS[p.role]}${p.isMe ? " (you)" : ""}`}>
              <Avatar userId={p.userId} name={p.name} size={28} />
            </span>
          ))}
        </span>
        <span className="pill" data-my-role={me.role}>
          {me.name} · {ROLE_LABELS[me.role]}
        </span>
        {host && !ended ? (
          <>
            <button className="btn btn-sm" type="button" onClick={onInvite}>
              <LinkIcon size={14} /> Invite
            </button>
            <button className="btn btn-sm btn-danger" type="button" onClick={onEnd}>
              <StopIcon size={14} /> End interview
            </button>
          </>
        ) : null}
      </div>
    </header>
  );
}
