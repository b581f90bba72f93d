import { useState, type FormEvent } from "react";
import { logIn } from "../api/accounts";
import { messageOf } from "../api/errors";
import { Link } from "../app/Link";
import { navigate } from "../app/router";
import { signedIn } from "../auth/account";
import { Spinner } from "../ui/States";
import { usePageTitle } from "../ui/usePageTitle";
import { AuthLayout } from "./AuthLayout";

export function SignInPage({ next }: { next: string | null }) {
  usePageTitle("Sign in");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your email and password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { user } = await logIn({ email: email.trim(), password });
      signedIn(user);
      navigate(next ?? "/dashboard", { replace: true });
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };

  const signUpHref = next ? `/signup?${new URLSearchParams({ next }).toString()}` : "/signup";
  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to run and review your interviews."
      footer={
        <>
          New to CodeSync? <Link href={signUpHref}>Create an account</Link>
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
          <label htmlFor="email">Work email</label>
          <input id="email" className="input" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" className="input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button className="btn btn-primary btn-lg btn-block" type="submit" disabled={busy}>
          {busy ? <Spinner small /> : null}
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
