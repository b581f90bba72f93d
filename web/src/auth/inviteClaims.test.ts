import { describe, expect, it } from "vitest";
import { readInviteClaims } from "./inviteClaims";

const b64url = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("readInviteClaims", () => {
  it("reads role and expiry from the token payload", () => {
    const token = `${b64url({ alg: "HS256" })}.${b64url({ sub: "s1", role: "candidate", exp: 1700000000, name: "Zoë" })}.sig`;
    expect(readInviteClaims(token)).toEqual({ role: "candidate", expiresAt: 1700000000 });
  });

  it("tolerates garbage", () => {
    expect(readInviteClaims("not-a-token")).toEqual({ role: null, expiresAt: null });
    expect(readInviteClaims(`x.${b64url({ role: "host" })}.y`)).toEqual({ role: null, expiresAt: null });
  });
});
