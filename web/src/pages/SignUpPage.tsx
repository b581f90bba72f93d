import { useState, type FormEvent } from "react";
import { signUp } from "../api/accounts";
import { Link } from "../nav/Link";
import { usePageTitle } from "../ui/usePageTitle";
import { AuthLayout } from "./AuthLayout";
import { FormError, SubmitButton, useAccountForm, withNext } from "./authForm";

const MIN_PASSWORD = 8; // server/auth/password_policy.py MIN_PASSWORD_LENGTH

export function SignUpPage({ next }: { next: string | null }) {
  usePageTitle("Create your account");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { error, setError, busy, run } = useAccountForm(next);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError("Tell us your name — candidates will see it.");
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return setError("Enter an email address like ada@example.com.");
    if (password.length < MIN_PASSWORD) return setError(`Choose a password of at least ${MIN_PASSWORD} characters.`);
    await run(() => signUp({ name: name.trim(), email: email.trim(), password }));
  };

  return (
    <AuthLayout
      title="Create your interviewer account"
      subtitle="Candidates never need one — they join from your link."
      footer={
        <>
          Already have an account? <Link href={withNext("/signin", next)}>Sign in</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={submit} noValidate>
        <FormError error={error} />
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
            At least {MIN_PASSWORD} characters, not a common password.
          </span>
        </div>
        <SubmitButton busy={busy} label="Create account" busyLabel="Creating your account…" />
      </form>
    </AuthLayout>
  );
}
