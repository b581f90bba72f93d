import { describeConnection, type ConnectionState } from "../collab/connection";
import { Spinner } from "../ui/States";

export function ConnectionBadge({ connection }: { connection: ConnectionState }) {
  const { label, detail, tone } = describeConnection(connection);
  return (
    <div className={`connection connection-${tone}`} role="status" aria-live="polite" title={detail} data-status={connection.status}>
      {tone === "busy" ? <Spinner small /> : <span className="dot" />}
      <span className="connection-label">{label}</span>
      <span className="sr-only">{detail}</span>
    </div>
  );
}
