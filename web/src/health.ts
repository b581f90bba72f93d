export interface Health {
  status: "ok";
  store: "sqlite" | "mongodb" | "memory";
  redis: boolean;
}

/** A sentence for the status line, from the /api/health answer (or the failure). */
export function describeHealth(health: Health | Error): string {
  if (health instanceof Error) {
    return `The server is not reachable (${health.message}). Is \`make serve\` running?`;
  }
  const scale = health.redis ? ", shared through Redis" : "";
  return `Server ready — documents stored in ${health.store}${scale}.`;
}

export async function fetchHealth(fetcher: typeof fetch = fetch): Promise<Health> {
  const response = await fetcher("/api/health");
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as Health;
}
