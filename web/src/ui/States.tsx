import type { ReactNode } from "react";
import { AlertIcon } from "./icons";
import { Logo } from "./Logo";

export function Spinner({ small = false, label }: { small?: boolean; label?: string }) {
  return <span className={small ? "spinner spinner-sm" : "spinner"} role={label ? "status" : undefined} aria-label={label} />;
}

/** A whole page that is only a message: the brand on top, the message in a card. */
function FullPage({ children }: { children: ReactNode }) {
  return (
    <div className="page-message">
      <header className="page-message-header">
        <Logo />
      </header>
      <main id="main" className="page-message-main">
        {children}
      </main>
    </div>
  );
}

export function LoadingState({ label, full = false }: { label: string; full?: boolean }) {
  const body = (
    <div className="state" role="status" aria-live="polite">
      <Spinner />
      <p>{label}</p>
    </div>
  );
  return full ? <div className="page-loading">{body}</div> : body;
}

export function ErrorState({
  title,
  message,
  actions,
  icon,
  full = false,
}: {
  title: string;
  message: string;
  actions?: ReactNode;
  /** Instead of the warning sign, for messages that are not failures (e.g. "sign in"). */
  icon?: ReactNode;
  full?: boolean;
}) {
  const body = (
    <div className={full ? "state state-card" : "state"} role="alert">
      <div className={icon ? "state-icon" : "state-icon state-icon-error"}>{icon ?? <AlertIcon size={22} />}</div>
      <h2>{title}</h2>
      <p>{message}</p>
      {actions ? <div className="state-actions">{actions}</div> : null}
    </div>
  );
  return full ? <FullPage>{body}</FullPage> : body;
}

export function EmptyState({ icon, title, message, action }: { icon: ReactNode; title: string; message: string; action?: ReactNode }) {
  return (
    <div className="state">
      <div className="state-icon">{icon}</div>
      <h2>{title}</h2>
      <p>{message}</p>
      {action}
    </div>
  );
}
