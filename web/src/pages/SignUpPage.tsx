import { useState, type FormEvent } from "react";
import { signUp } from "../api/accounts";
import { messageOf } from "../api/errors";
import { Link } from "../app/Link";
import { navigate } from "../app/router";
import { signedIn } from "../auth/account";
import { Spinner } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";
import { AuthLayout } from "./AuthLayout";

const MIN_PASSWORD = 8; // server/auth/passwords.py MIN_PASSWORD_LENGTH

export function SignUpPage({ next }: { next: string | null }) {
  usePageTitle("Create your account");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError("Tell us your name — candidates will see it.");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return setError("Enter an email address like ada@example.com.");
    if (password.length < MIN_PASSWORD) return setError(`Choose a password of at least ${MIN_PASSWORD} characters.`);
    setBusy(true);
    setError(null);
    try {
      const { user } = await signUp({ name: name.trim(), email: email.trim(), password });
      signedIn(user);
      navigate(next ?? "/dashboard", { replace: true });
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const signInHref = next ? `/signin?${new URLSearchParams({ next }).toString()}` : "/signin";
  return (
    <AuthLayout
      title="Create your interviewer account"
      subtitle="Candidates never need one — they join from your link."
      footer={
        <>
          Already have an account? <Link href={signInHref}>Sign in</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={submit} noValidate>
        {error ? (
          <div className="form-error" role="alert">
            {error}
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="name">Your name</label>
          <input id="name" className="input" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="email">Work email</label>
          <input id="email" className="input" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="password-hint"
          />
          <span className="field-hint" id="password-hint">
            At least {MIN_PASSWORD} characters.
          </span>
        </div>
        <button className="btn btn-primary btn-lg btn-block" type="submit" disabled={busy}>
          {busy ? <Spinner small /> : null}
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </form>
    </AuthLayout>
  );
}
