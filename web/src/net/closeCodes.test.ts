import { describe, expect, it } from "vitest";
import SERVER_CLOSE_CODES from "../../../server/closecodes.py?raw";
import { CloseCode } from "./closeCodes";

describe("CloseCode", () => {
  it("names every close code the server sends, with the server's number", () => {
    const server = Object.fromEntries([...SERVER_CLOSE_CODES.matchAll(/^\s+([A-Z_]+) = (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(server).length).toBeGreaterThan(5);
    const { ABNORMAL, ...sent } = CloseCode; // 1006 is the browser's own: never sent
    expect(ABNORMAL).toBe(1006);
    expect(sent).toEqual(server);
  });
});
