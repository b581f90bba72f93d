import { ROLE_LABELS } from "../auth/permissions";
import type { RoomView } from "../collab/room";
import { Avatar } from "../ui/Avatar";

export function PeoplePanel({ view }: { view: RoomView }) {
  const connected = view.connection.status === "connected";
  return (
    <div className="people">
      {connected ? null : <p className="people-note">Presence updates again once you reconnect.</p>}
      <ul className="people-list" aria-label="Participants">
        {view.people.map((person) => (
          <li key={person.userId} className="person" data-online={person.online} data-name={person.name}>
            <Avatar userId={person.userId} name={person.name} online={person.online} size={32} />
            <div className="person-who">
              <span className="person-name">
                {person.name}
                {person.isMe ? <span className="faint"> (you)</span> : null}
              </span>
              <span className="person-role">{ROLE_LABELS[person.role]}</span>
            </div>
            <span className={person.online ? "person-state online" : "person-state"}>{person.online ? "Online" : "Offline"}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
