import { useEffect, useState, type FormEvent } from "react";
import { ApiError } from "../api/errors";
import { request } from "../api/http";
import { redeemInvite } from "../api/sessions";
import { Link } from "../nav/Link";
import { roomPath, signInPath } from "../nav/routes";
import { navigate } from "../nav/router";
import { useAccount } from "../auth/account";
import { lastGuestName, loadGuest, saveGuest } from "../auth/guests";
import { readInviteClaims, type InviteClaims } from "../auth/inviteClaims";
import { inviteNeedsAccount, ROLE_LABELS } from "../auth/permissions";
import { formatDate } from "../format/time";
import { AlertIcon, ArrowRightIcon, ShieldIcon } from "../ui/icons";
import { Logo } from "../ui/Logo";
import { LoadingState, Spinner } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";
import { joinProblem, type JoinProblem } from "./joinErrors";

/** What the candidate is told before joining; the chat and video lines depend on whether this
 * server runs them itself or through Stream (`GET /api/health` says which). */
function recorded(video: "builtin" | "stream"): string[] {
  const stream = video === "stream";
  return [
    "Your code edits are saved with timestamps, so the interviewers can replay how your solution took shape.",
    stream
      ? "Chat messages are saved with the interview by Stream (getstream.io), the chat and video service this server uses."
      : "Chat messages are saved with the interview.",
    "Large pastes into the editor (200+ characters or 3+ lines) and leaving or returning to this tab are recorded and shown to the interviewers.",
    "Everyone in the room sees your name, your cursor and whether you are online.",
    "Interviewers can keep private notes that you won't see.",
    stream
      ? "Your camera and microphone are used only if you join the video call; the call runs through Stream (getstream.io) and is not recorded."
      : "Your camera and microphone are used only if you join the video call, and are never recorded.",
  ];
}

function useVideoProvider(): "builtin" | "stream" {
  const [video, setVideo] = useState<"builtin" | "stream">("builtin");
  useEffect(() => {
    let live = true;
    request<{ video?: string }>("GET", "/api/health").then(
      (health) => live && setVideo(health.video === "stream" ? "stream" : "builtin"),
      () => undefined, // the page still works; the built-in wording stays
    );
    return () => {
      live = false;
    };
  }, []);
  return video;
}

function linkProblem(claims: InviteClaims): JoinProblem | null {
  if (claims.role === null) return joinProblem(new ApiError(400, "invite_invalid", ""));
  if (claims.expiresAt !== null && claims.expiresAt * 1000 < Date.now()) {
    return joinProblem(new ApiError(403, "invite_expired", ""));
  }
  return null;
}

export function JoinPage({ sessionId, invite }: { sessionId: string; invite: string }) {
  usePageTitle("Join interview");
  const video = useVideoProvider();
  const account = useAccount();
  const claims = readInviteClaims(invite);
  const returning = loadGuest(sessionId);
  const [name, setName] = useState(returning?.name ?? lastGuestName());
  // What the link itself tells (expired, garbled) is shown at once; revoked, already used
  // and ended are only known once the server is asked, on "Join".
  const [problem, setProblem] = useState<JoinProblem | null>(() => linkProblem(claims));
  const [busy, setBusy] = useState(false);

  if (account.status === "loading") return <LoadingState label="Opening your invitation…" full />;
  const user = account.status === "signed-in" ? account.user : null;
  const needsAccount = inviteNeedsAccount(claims.role) && !user;
  const here = `${roomPath(sessionId)}?${new URLSearchParams({ invite }).toString()}`;

  const join = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = user ? user.name : name.trim();
    if (!chosen) {
      setProblem({ title: "Enter your name", message: "The interviewers will see it next to your cursor.", final: false });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      // The guest token of an earlier visit proves this is the same browser: a candidate link
      // is bound to the first browser that used it.
      const joined = await redeemInvite(invite, chosen, user ? null : returning?.token);
      if (!user) {
        saveGuest({ session_id: joined.session_id, user_id: joined.user_id, name: joined.name, role: joined.role, token: joined.token });
      }
      navigate(roomPath(joined.session_id), { replace: true }); // and the invite token leaves the address bar
    } catch (error) {
      setProblem(joinProblem(error));
      setBusy(false);
    }
  };

  const roleLabel = claims.role ? ROLE_LABELS[claims.role] : null;
  return (
    <div className="join">
      <header className="join-header">
        <Logo />
      </header>
      <main id="main" className="join-main">
        {problem?.final ? (
          <section className="join-card join-card-problem" role="alert" aria-labelledby="join-problem-title">
            <div className="state-icon state-icon-error">
              <AlertIcon size={22} />
            </div>
            <h1 id="join-problem-title">{problem.title}</h1>
            <p className="muted">{problem.message}</p>
          </section>
        ) : (
          <form className="join-card" onSubmit={join} noValidate aria-labelledby="join-title">
            <div className="join-intro">
              {roleLabel ? <span className="pill pill-accent">{roleLabel} invite</span> : null}
              <h1 id="join-title">{returning ? "Welcome back" : "You're invited to a coding interview"}</h1>
              <p className="muted">
                {claims.role === "observer"
                  ? "You'll watch the session live; the editor is read-only for observers."
                  : "You'll write code together in a shared editor. No account or install needed."}
                {claims.expiresAt ? <> This link is valid until {formatDate(claims.expiresAt)}.</> : null}
              </p>
            </div>

            {problem ? (
              <div className="form-error" role="alert">
                <strong>{problem.title}.</strong> {problem.message}
              </div>
            ) : null}

            {needsAccount ? (
              <div className="join-account">
                <p>Interviewer links need a CodeSync account, so the panel's private notes stay private.</p>
                <Link className="btn btn-primary btn-lg btn-block" href={signInPath(here)}>
                  Sign in to join the panel
                </Link>
              </div>
            ) : user ? (
              <p className="join-signed-in">
                You're signed in as <strong>{user.name}</strong> ({user.email}).
              </p>
            ) : (
              <div className="field">
                <label htmlFor="join-name">Your name</label>
                <input
                  id="join-name"
                  className="input input-lg"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  autoComplete="name"
                  maxLength={100}
                  placeholder="e.g. Grace Hopper"
                  autoFocus
                />
                <span className="field-hint">Shown to the interviewers and next to your cursor.</span>
              </div>
            )}

            <section className="join-disclosure" aria-labelledby="recorded-title">
              <h2 id="recorded-title">
                <ShieldIcon size={16} /> What is shared and recorded
              </h2>
              <ul>
                {recorded(video).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </section>

            {needsAccount ? null : (
              <button className="btn btn-primary btn-lg btn-block" type="submit" disabled={busy}>
                {busy ? <Spinner small /> : null}
                {busy ? "Joining…" : "Join interview"}
                {busy ? null : <ArrowRightIcon />}
              </button>
            )}
          </form>
        )}
      </main>
    </div>
  );
}
