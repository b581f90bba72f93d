import { useEffect } from "react";
import { Link } from "../nav/Link";
import { navigate } from "../nav/router";
import { useAccount } from "../auth/account";
import { LoadingState } from "../ui/States";
import { ArrowRightIcon, ChatIcon, CodeIcon, LockIcon, NotesIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { usePageTitle } from "../ui/usePageTitle";

const FEATURES = [
  { icon: <CodeIcon />, title: "An editor people like", text: "CodeMirror with highlighting for Python, JS, TS, Java, C++, Go and SQL. Vim mode. Undo that only undoes your own edits." },
  { icon: <ChatIcon />, title: "Everything in one room", text: "Live cursors with names, built-in chat, the problem statement, and who is online." },
  { icon: <NotesIcon />, title: "Private notes", text: "Interviewers write notes the candidate never sees — enforced by the server, not just hidden." },
  { icon: <LockIcon />, title: "Yours to host", text: "One process, SQLite by default. Your candidates' code never leaves your server." },
];

export function LandingPage() {
  usePageTitle("");
  const account = useAccount();
  useEffect(() => {
    if (account.status === "signed-in") navigate("/dashboard", { replace: true });
  }, [account.status]);
  if (account.status === "loading" || account.status === "signed-in") return <LoadingState label="Loading CodeSync…" full />;

  return (
    <div className="landing">
      <header className="landing-nav">
        <Logo />
        <nav aria-label="Account">
          <Link className="btn btn-ghost" href="/signin">
            Sign in
          </Link>
          <Link className="btn btn-primary" href="/signup">
            Get started
          </Link>
        </nav>
      </header>
      <main id="main" className="landing-main">
        <section className="hero">
          <span className="pill pill-accent">Self-hosted live coding interviews</span>
          <h1>Interview like you pair program.</h1>
          <p className="hero-lead">
            A shared editor that never loses a keystroke, chat, private notes and a clear view of who is in the room —
            on your own server.
          </p>
          <div className="hero-actions">
            <Link className="btn btn-primary btn-lg" href="/signup">
              Create a free account <ArrowRightIcon />
            </Link>
            <Link className="btn btn-lg" href="/signin">
              Sign in
            </Link>
          </div>
        </section>
        <section className="features" aria-label="Features">
          {FEATURES.map((f) => (
            <article key={f.title} className="feature">
              <div className="feature-icon">{f.icon}</div>
              <h2>{f.title}</h2>
              <p className="muted">{f.text}</p>
            </article>
          ))}
        </section>
      </main>
    </div>
  );
}
