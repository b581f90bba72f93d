import { describe, expect, it } from "vitest";
import { CloseCode } from "../net/closeCodes";
import {
  describeConnection,
  FAILURES_BEFORE_OFFLINE,
  initialConnection,
  reduceConnection,
  refusalFor,
  type ConnectionEvent,
  type ConnectionState,
} from "./connection";

const run = (events: ConnectionEvent[], start: ConnectionState = initialConnection()) =>
  events.reduce(reduceConnection, start);

describe("connection state", () => {
  it("goes connecting → connected", () => {
    expect(run([{ type: "attempt" }]).status).toBe("connecting");
    expect(run([{ type: "attempt" }, { type: "synced" }]).status).toBe("connected");
  });

  it("reconnects after a drop, and calls a server that keeps failing offline", () => {
    const dropped = run([{ type: "attempt" }, { type: "synced" }, { type: "dropped" }]);
    expect(dropped.status).toBe("reconnecting");
    expect(describeConnection(dropped).detail).toContain("your edits are kept and will sync");
    const drops: ConnectionEvent[] = Array.from({ length: FAILURES_BEFORE_OFFLINE - 1 }, () => ({ type: "dropped" }));
    const unreachable = run(drops, dropped);
    expect(unreachable.status).toBe("offline");
    expect(run([{ type: "attempt" }, { type: "synced" }], unreachable).status).toBe("connected");
  });

  it("follows the browser's offline and online events", () => {
    const offline = run([{ type: "attempt" }, { type: "synced" }, { type: "browser-offline" }, { type: "dropped" }]);
    expect(offline.status).toBe("offline");
    expect(describeConnection(offline).label).toBe("Offline");
    expect(describeConnection(offline).detail).toContain("your edits are kept and will sync");
    expect(run([{ type: "attempt" }], offline).status).toBe("offline");
    expect(run([{ type: "browser-online" }], offline).status).toBe("reconnecting");
    expect(initialConnection(true).status).toBe("offline");
  });

  it("stays refused once the server said no", () => {
    const refusal = refusalFor(CloseCode.FORBIDDEN, "not a participant of this session");
    expect(refusal?.message).toContain("no longer have access");
    const refused = run([{ type: "attempt" }, { type: "refused", refusal: refusal! }, { type: "synced" }]);
    expect(refused.status).toBe("refused");
    expect(describeConnection(refused).tone).toBe("error");
  });

  it("says why a write was refused when the document is full", () => {
    const full = refusalFor(CloseCode.TOO_LARGE, "refused: the document is full (8 MiB): this change was not saved");
    expect(full?.message).toContain("size limit");
    expect(refusalFor(CloseCode.TOO_LARGE, "refused: awareness state larger than 16384 bytes")?.message).toContain("refused a message");
  });

  it("retries expired tokens and transient closes", () => {
    expect(refusalFor(CloseCode.UNAUTHORIZED, "token expired")).toBeNull();
    expect(refusalFor(CloseCode.ABNORMAL, "")).toBeNull();
    expect(refusalFor(CloseCode.TRY_AGAIN_LATER, "room unavailable")).toBeNull();
    expect(refusalFor(CloseCode.NOT_FOUND, "unknown session")?.message).toContain("no longer exists");
  });
});
