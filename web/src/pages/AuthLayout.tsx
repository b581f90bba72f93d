import type { ReactNode } from "react";
import { Logo } from "../ui/Logo";
import { CheckIcon } from "../ui/icons";

const POINTS = [
  "A real editor: syntax highlighting for 7 languages, Vim mode, per-person undo",
  "Candidates join from a link — no account, no install",
  "Edits survive flaky Wi-Fi and reloads, and sync when the connection returns",
  "Private interviewer notes, chat and a full edit history",
];

export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="auth">
      <aside className="auth-aside">
        <Logo />
        <div className="auth-pitch">
          <h2>Technical interviews that feel like pairing.</h2>
          <ul>
            {POINTS.map((point) => (
              <li key={point}>
                <CheckIcon size={16} />
                <span>{point}</span>
              </li>
            ))}
          </ul>
        </div>
        <p className="faint">Self-hosted: your code and notes stay on your server.</p>
      </aside>
      <main className="auth-main" id="main">
        <div className="auth-card">
          <h1>{title}</h1>
          <p className="muted">{subtitle}</p>
          {children}
          <p className="auth-footer muted">{footer}</p>
        </div>
      </main>
    </div>
  );
}
