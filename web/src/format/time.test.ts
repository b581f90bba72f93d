import { describe, expect, it } from "vitest";
import { formatAgo, formatClock, formatDate, formatDuration, formatOffset } from "./time";

const utc = { locale: "en-US", timeZone: "UTC" };

describe("time formatting", () => {
  it("formats durations in minutes and hours", () => {
    expect(formatDuration(20)).toBe("< 1 min");
    expect(formatDuration(45 * 60)).toBe("45 min");
    expect(formatDuration(60 * 60)).toBe("1 h");
    expect(formatDuration(65 * 60 + 10)).toBe("1 h 5 min");
    expect(formatDuration(-1)).toBe("—");
  });

  it("formats dates and clock times", () => {
    expect(formatDate(1_700_000_000, utc)).toBe("Nov 14, 2023, 10:13 PM");
    expect(formatClock(1_700_000_000_000, utc)).toBe("10:13 PM");
  });

  it("says how long ago", () => {
    expect(formatAgo(1000, 1030)).toBe("just now");
    expect(formatAgo(1000, 1000 + 5 * 60)).toBe("5 min ago");
    expect(formatAgo(1000, 1000 + 3 * 3600)).toBe("3 h ago");
    expect(formatAgo(1_700_000_000, 1_700_000_000 + 3 * 86400, utc)).toBe("Nov 14, 2023, 10:13 PM");
  });
});

describe("formatOffset", () => {
  it("reads like a media player", () => {
    expect(formatOffset(0)).toBe("0:00");
    expect(formatOffset(75.9)).toBe("1:15");
    expect(formatOffset(3725)).toBe("1:02:05");
  });
});
