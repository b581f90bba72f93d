import { useEffect, useState } from "react";
import { messageOf } from "../api/errors";
import { signInPath } from "../nav/routes";
import { navigate } from "../nav/router";
import { loadAccount, useAccount } from "../auth/account";
import { AppHeader } from "../ui/AppHeader";
import { PlusIcon } from "../ui/icons";
import { ErrorState, LoadingState } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";
import { ActiveSessions } from "../dashboard/ActiveSessions";
import { NewInterviewDialog } from "../dashboard/NewInterviewDialog";
import { SessionHistory } from "../dashboard/SessionHistory";

export function DashboardPage() {
  usePageTitle("Interviews");
  const account = useAccount();
  const [creating, setCreating] = useState(false);
  const [deletions, setDeletions] = useState(0); // a deleted session leaves both lists

  useEffect(() => {
    if (account.status === "signed-out") navigate(signInPath("/dashboard"), { replace: true });
  }, [account.status]);

  if (account.status === "loading" || account.status === "signed-out") return <LoadingState label="Loading your interviews…" full />;
  if (account.status === "error") {
    return (
      <ErrorState
        full
        title="CodeSync is not reachable"
        message={messageOf(account.error)}
        actions={
          <button className="btn btn-primary" type="button" onClick={() => void loadAccount(true)}>
            Try again
          </button>
        }
      />
    );
  }

  return (
    <div className="app">
      <AppHeader user={account.user} />
      <main id="main" className="dashboard">
        <div className="dashboard-head">
          <div>
            <h1>Interviews</h1>
            <p className="muted">Hi {account.user.name.split(" ")[0]} — start a room, share the link, and code together.</p>
          </div>
          <button className="btn btn-primary btn-lg" type="button" onClick={() => setCreating(true)}>
            <PlusIcon /> New interview
          </button>
        </div>
        <section aria-labelledby="active-heading" className="dashboard-section">
          <h2 id="active-heading">Active now</h2>
          <ActiveSessions key={deletions} onNew={() => setCreating(true)} />
        </section>
        <section aria-labelledby="history-heading" className="dashboard-section">
          <h2 id="history-heading">History</h2>
          <SessionHistory onDeleted={() => setDeletions((n) => n + 1)} />
        </section>
      </main>
      <NewInterviewDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
