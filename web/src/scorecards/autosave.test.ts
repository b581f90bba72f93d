import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosaver, type AutosaveState } from "./autosave";
import { cleanSkill, skillsOf } from "./scale";

describe("Autosaver", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (save: (v: number) => Promise<unknown>) => {
    const states: AutosaveState["status"][] = [];
    const saver = new Autosaver<number>(save, (s) => states.push(s.status), () => "failed", 100);
    return { saver, states };
  };

  it("saves once, the latest value, after the changes stop", async () => {
    const saved: number[] = [];
    const { saver, states } = make(async (v) => void saved.push(v));
    saver.change(1);
    await vi.advanceTimersByTimeAsync(50);
    saver.change(2);
    await vi.advanceTimersByTimeAsync(50);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(60);
    expect(saved).toEqual([2]);
    expect(states.at(-1)).toBe("saved");
    expect(states).toContain("saving");
  });

  it("saves a change made during a save right after it", async () => {
    const saved: number[] = [];
    let release: () => void = () => undefined;
    const { saver } = make((v) => new Promise<void>((resolve) => (release = () => (saved.push(v), resolve()))));
    saver.change(1);
    await vi.advanceTimersByTimeAsync(100);
    saver.change(2);
    await vi.advanceTimersByTimeAsync(200);
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([1, 2]);
    expect(saver.current.status).toBe("saved");
  });

  it("reports an error and retries", async () => {
    let fail = true;
    const saved: number[] = [];
    const { saver } = make(async (v) => {
      if (fail) throw new Error("offline");
      saved.push(v);
    });
    saver.change(5);
    await vi.advanceTimersByTimeAsync(100);
    expect(saver.current).toEqual({ status: "error", error: "failed" });
    fail = false;
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toEqual([5]);
    expect(saver.current.status).toBe("saved");
  });

  it("flush saves at once and surfaces a failure", async () => {
    const saved: number[] = [];
    const { saver } = make(async (v) => void saved.push(v));
    saver.change(3);
    await saver.flush();
    expect(saved).toEqual([3]);
    const failing = make(async () => {
      throw new Error("nope");
    });
    failing.saver.change(1);
    await expect(failing.saver.flush()).rejects.toThrow("nope");
  });
});

describe("skills", () => {
  it("lists the defaults then custom ones, and refuses duplicates and blanks", () => {
    expect(skillsOf({ "System design": 1, Testing: 0 }, ["Debugging"])).toEqual([
      "Problem solving",
      "Code quality",
      "Communication",
      "Testing",
      "System design",
      "Debugging",
    ]);
    expect(cleanSkill("  testing ", ["Testing"])).toBeNull();
    expect(cleanSkill("   ", [])).toBeNull();
    expect(cleanSkill(" API   design ", [])).toBe("API design");
  });
});
