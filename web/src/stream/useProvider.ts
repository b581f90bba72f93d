import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/errors";
import { fetchStreamCredentials, streamCredentialsOrNull, type Provider } from "./credentials";

/** Asks the server once per room whether video and chat go through Stream. */
export function useProvider(sessionId: string, bearer: string | null): Provider {
  const [provider, setProvider] = useState<Provider>({ kind: "checking" });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    setProvider({ kind: "checking" });
    streamCredentialsOrNull(sessionId, bearer).then(
      (credentials) => {
        if (!live) return;
        if (credentials === null) setProvider({ kind: "builtin" });
        else setProvider({ kind: "stream", credentials, refresh: () => fetchStreamCredentials(sessionId, bearer) });
      },
      (error: unknown) => {
        if (!live) return;
        const message = error instanceof ApiError ? error.message : "Could not reach the server.";
        setProvider({ kind: "unavailable", message, retry });
      },
    );
    return () => {
      live = false;
    };
  }, [sessionId, bearer, attempt, retry]);
  return provider;
}
