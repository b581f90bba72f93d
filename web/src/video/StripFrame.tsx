import type { ReactNode } from "react";

/** The call strip's frame, the same for the built-in call and Stream's: a header with the
 * collapse toggle and the call's status, and the body. Collapsed, the body stays mounted
 * (hidden) so the call and its sound go on. Without `onToggle` the strip cannot collapse
 * (while the room is still finding out which call it has). */
export function StripFrame({
  collapsed = false,
  onToggle,
  status,
  collapsedStatus = null,
  callStatus,
  provider,
  children,
}: {
  collapsed?: boolean;
  onToggle?: () => void;
  status: ReactNode;
  /** What the collapsed header shows instead of the status (e.g. a dot). */
  collapsedStatus?: ReactNode;
  callStatus: string;
  provider?: "stream";
  children: ReactNode;
}) {
  return (
    <aside className="video-strip" data-collapsed={collapsed} data-video-provider={provider} data-call-status={callStatus} aria-label="Video call">
      <header className="video-strip-head">
        {onToggle ? (
          <button
            type="button"
            className="btn btn-ghost video-collapse"
            aria-expanded={!collapsed}
            aria-label={collapsed ? "Show video" : "Hide video"}
            title={collapsed ? "Show video" : "Hide video"}
            onClick={onToggle}
          >
            {collapsed ? "›" : "‹"}
          </button>
        ) : null}
        {collapsed ? (
          collapsedStatus
        ) : (
          <span className="video-status" role="status">
            {status}
          </span>
        )}
      </header>
      <div className="video-strip-body" hidden={collapsed}>
        {children}
      </div>
    </aside>
  );
}
