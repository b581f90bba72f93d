import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { joinProblem } from "./joinErrors";

describe("joinProblem", () => {
  it("explains each dead invite and hides the form", () => {
    const cases: [string, string][] = [
      ["invite_expired", "expired"],
      ["invite_revoked", "withdrawn"],
      ["invite_already_used", "already used"],
      ["removed_from_session", "removed"],
      ["session_ended", "ended"],
      ["invite_invalid", "isn't valid"],
    ];
    for (const [code, words] of cases) {
      const problem = joinProblem(new ApiError(403, code, "server sentence"));
      expect(problem.title).toContain(words);
      expect(problem.final).toBe(true);
    }
  });

  it("passes other failures through as retryable", () => {
    const problem = joinProblem(new ApiError(429, "rate_limited", "Too many attempts; try again in 5 seconds."));
    expect(problem).toEqual({ title: "Couldn't join the interview", message: "Too many attempts; try again in 5 seconds.", final: false });
  });
});
