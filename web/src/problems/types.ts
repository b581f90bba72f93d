import type { Problem } from "../api/types";
import type { TestCase } from "../run/compare";

/** A problem as GET /api/problems/{id} and the session route return it (server/http/problems.py). */
export interface ProblemDetail extends Problem {
  builtin?: boolean;
  languages?: string[];
  starter_code?: Partial<Record<string, string>>;
  function_name?: Partial<Record<string, string>>;
  tests?: TestCase[];
}

export interface ProblemQuery {
  q: string;
  difficulty: "" | "easy" | "medium" | "hard";
  tag: string;
}
