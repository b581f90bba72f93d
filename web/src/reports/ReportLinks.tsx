import { Link } from "../nav/Link";
import { replayPath } from "../nav/routes";
import { reportUrl } from "./api";
import "./reports.css";

/** Replay, and the session report as Markdown or JSON (interviewers only: the server refuses
 * anyone else). */
export function ReportLinks({ sessionId, replay = true, compact = false }: { sessionId: string; replay?: boolean; compact?: boolean }) {
  return (
    <div className={compact ? "report-links report-links-compact" : "report-links"} role="group" aria-label="After the interview">
      {replay ? (
        <Link className="btn btn-sm" href={replayPath(sessionId)} data-action="replay">
          Replay
        </Link>
      ) : null}
      <a className="btn btn-sm" href={reportUrl(sessionId, "markdown")} download data-action="report-markdown" title="Download the report as Markdown">
        {compact ? "Report .md" : "Download report (.md)"}
      </a>
      <a className="btn btn-sm btn-ghost" href={reportUrl(sessionId, "json")} download data-action="report-json" title="Download the report as JSON">
        JSON
      </a>
    </div>
  );
}
