import { describeConnection } from "../collab/connection";
import { Link } from "../nav/Link";
import { isInterviewer, lockedOut } from "../auth/permissions";
import type { RoomView } from "../collab/room";
import { AlertIcon, LockIcon, StopIcon } from "../ui/icons";

/** The one message that matters most right now, under the header. */
export function RoomBanner({ view }: { view: RoomView }) {
  const { connection, ended, locked, me } = view;
  if (connection.status === "refused") {
    return (
      <div className="banner banner-error" role="alert" data-banner="refused">
        <AlertIcon /> {describeConnection(connection).detail}
      </div>
    );
  }
  if (ended) {
    return (
      <div className="banner banner-ended" role="status" data-banner="ended">
        <StopIcon /> <strong>This interview has ended.</strong> The code, chat and notes are read-only for everyone.
        {isInterviewer(me.role) ? (
          <Link className="banner-action" href="/dashboard">
            Back to your interviews
          </Link>
        ) : (
          <span className="banner-action faint">Thanks for taking part — you can close this tab.</span>
        )}
      </div>
    );
  }
  if (connection.status === "offline" || connection.status === "reconnecting") {
    return (
      <div className="banner banner-warn" role="status" data-banner="offline">
        <AlertIcon /> {describeConnection(connection).detail}
      </div>
    );
  }
  if (lockedOut(me.role, locked)) {
    return (
      <div className="banner banner-info" role="status" data-banner="locked">
        <LockIcon /> <strong>The interviewer has locked the editor.</strong> You can still read the code and chat.
      </div>
    );
  }
  return null;
}
