import { describe, expect, it } from "vitest";
import { isPolite, linkStatus, parseServerMessage, toMediaState } from "./protocol";

describe("signalling protocol", () => {
  it("gives exactly one polite side per pair", () => {
    expect(isPolite("a", "b")).toBe(true);
    expect(isPolite("b", "a")).toBe(false);
  });

  it("parses the server's messages and drops malformed ones", () => {
    const welcome = parseServerMessage(
      JSON.stringify({ type: "welcome", peer_id: "p1", peers: [{ peer_id: "p2", user_id: "u", name: "Ada", role: "interviewer" }, { bad: 1 }], ice_servers: [{ urls: "stun:x" }] }),
    );
    expect(welcome).toEqual({ type: "welcome", peer_id: "p1", peers: [{ peer_id: "p2", user_id: "u", name: "Ada", role: "interviewer" }], ice_servers: [{ urls: "stun:x" }] });
    expect(parseServerMessage(JSON.stringify({ type: "signal", from: "p2", data: { description: { type: "offer", sdp: "v=0" } } }))?.type).toBe("signal");
    expect(parseServerMessage(JSON.stringify({ type: "signal", from: "p2", data: { candidate: null } }))?.type).toBe("signal");
    expect(parseServerMessage(JSON.stringify({ type: "signal", from: "p2", data: { description: { type: "evil" } } }))).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: "state", from: "p2", data: { muted: true } }))).toEqual({
      type: "state",
      from: "p2",
      data: { muted: true, cameraOff: false, screen: false },
    });
    expect(parseServerMessage("not json")).toBeNull();
    expect(parseServerMessage(JSON.stringify({ type: "peer-left" }))).toBeNull();
  });

  it("reads media state strictly", () => {
    expect(toMediaState({ muted: "yes", cameraOff: true })).toEqual({ muted: false, cameraOff: true, screen: false });
  });

  it("calls a link that lost its media reconnecting, not connecting", () => {
    expect(linkStatus("new", false)).toBe("connecting");
    expect(linkStatus("connecting", false)).toBe("connecting");
    expect(linkStatus("connected", false)).toBe("connected");
    expect(linkStatus("disconnected", true)).toBe("reconnecting");
    expect(linkStatus("connecting", true)).toBe("reconnecting"); // checking again after an ICE restart
    expect(linkStatus("failed", false)).toBe("reconnecting"); // failed restarts ICE
    expect(linkStatus("connected", true)).toBe("connected");
  });
});
