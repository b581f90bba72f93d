import type { InviteRole } from "../api/types";

/** What an invite link says about itself, read from the token without verifying it — for
 * display only (the role to greet with, the expiry to mention). The server decides. */
export interface InviteClaims {
  role: InviteRole | null;
  expiresAt: number | null; // epoch seconds
}

function base64UrlDecode(part: string): string {
  const padded = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const binary = atob(padded);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function readInviteClaims(token: string): InviteClaims {
  try {
    const payload: unknown = JSON.parse(base64UrlDecode(token.split(".")[1] ?? ""));
    const p = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
    const role = p.role === "candidate" || p.role === "interviewer" || p.role === "observer" ? p.role : null;
    return { role, expiresAt: typeof p.exp === "number" ? p.exp : null };
  } catch {
    return { role: null, expiresAt: null };
  }
}
