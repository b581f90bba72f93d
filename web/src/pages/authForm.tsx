import { useState } from "react";
import type { User } from "../api/types";
import { messageOf } from "../api/errors";
import { navigate } from "../nav/router";
import { signedIn } from "../auth/account";
import { Spinner } from "../ui/States";

/** What the sign-in and sign-up forms share: one request at a time, its error shown in the
 * form, and on success the account is remembered and the visitor goes where they were going. */
export function useAccountForm(next: string | null) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (request: () => Promise<{ user: User }>) => {
    setBusy(true);
    setError(null);
    try {
      const { user } = await request();
      signedIn(user);
      navigate(next ?? "/dashboard", { replace: true });
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}

/** `?next=` carried over to the other form's link. */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?${new URLSearchParams({ next }).toString()}` : path;
}

export function FormError({ error }: { error: string | null }) {
  return error ? (
    <div className="form-error" role="alert">
      {error}
    </div>
  ) : null;
}

export function SubmitButton({ busy, label, busyLabel }: { busy: boolean; label: string; busyLabel: string }) {
  return (
    <button className="btn btn-primary btn-lg btn-block" type="submit" disabled={busy}>
      {busy ? <Spinner small /> : null}
      {busy ? busyLabel : label}
    </button>
  );
}
