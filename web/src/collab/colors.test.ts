import { describe, expect, it } from "vitest";
import { colorsFor, hashString, PALETTE } from "./colors";

describe("colorsFor", () => {
  it("is stable for a user id", () => {
    expect(colorsFor("usr_abc")).toEqual(colorsFor("usr_abc"));
    expect(hashString("usr_abc")).toBe(hashString("usr_abc"));
  });

  it("gives valid colours, translucent for selections", () => {
    const { color, light } = colorsFor("gst_42");
    expect(color).toMatch(/^#[0-9a-f]{6}$/);
    expect(light).toBe(`${color}40`);
  });

  it("spreads users over the whole palette", () => {
    const colours = new Set(Array.from({ length: 200 }, (_, i) => colorsFor(`usr_${i}`).color));
    expect(colours.size).toBe(PALETTE.length);
  });
});
