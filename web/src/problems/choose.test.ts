import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { chooseProblem, starterCode } from "./choose";
import type { ProblemDetail } from "../api/types";
import { codeText, META_PROBLEM, metaMap } from "../collab/schema";

const problem: ProblemDetail = {
  id: "pair-with-target-sum",
  title: "Pair With Target Sum",
  starter_code: { python: "def pair_with_sum(nums, target):\n    pass\n", javascript: "function pairWithSum(nums, target) {}\n" },
};

function room(text = "") {
  const doc = new Y.Doc();
  const code = codeText(doc);
  code.insert(0, text);
  return { doc, code, meta: metaMap(doc) };
}

describe("choosing a problem", () => {
  it("sets meta.problem_id and fills an empty editor with the starter code, in one transaction", () => {
    const { doc, code, meta } = room("  \n");
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);
    expect(chooseProblem(doc, code, problem, "python")).toBe(true);
    expect(meta.get(META_PROBLEM)).toBe("pair-with-target-sum");
    expect(code.toString()).toBe(problem.starter_code?.python);
    expect(transactions).toBe(1);
  });

  it("never replaces code someone wrote", () => {
    const { doc, code, meta } = room("print('mine')\n");
    expect(chooseProblem(doc, code, problem, "python")).toBe(false);
    expect(code.toString()).toBe("print('mine')\n");
    expect(meta.get(META_PROBLEM)).toBe("pair-with-target-sum");
  });

  it("leaves the editor empty for a language without starter code", () => {
    const { doc, code } = room();
    expect(chooseProblem(doc, code, problem, "go")).toBe(false);
    expect(code.toString()).toBe("");
    expect(starterCode(problem, "javascript")).toContain("pairWithSum");
    expect(starterCode(problem, "typescript")).toBeNull();
  });
});
