import { useState, type FormEvent } from "react";
import { logIn } from "../api/accounts";
import { Link } from "../nav/Link";
import { usePageTitle } from "../ui/usePageTitle";
import { AuthLayout } from "./AuthLayout";
import { FormError, SubmitButton, useAccountForm, withNext } from "./authForm";

export function SignInPage({ next }: { next: string | null }) {
  usePageTitle("Sign in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { error, setError, busy, run } = useAccountForm(next);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) return setError("Enter your email and password.");
    await run(() => logIn({ email: email.trim(), password }));
  };

  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to run and review your interviews."
      footer={
        <>
          New to CodeSync? <Link href={withNext("/signup", next)}>Create an account</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={submit} noValidate>
        <FormError error={error} />
        <div className="field">
          <label htmlFor="email">Work email</label>
          <input id="email" className="input" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <SubmitButton busy={busy} label="Sign in" busyLabel="Signing in…" />
      </form>
    </AuthLayout>
  );
}
