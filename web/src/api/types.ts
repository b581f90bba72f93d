// JSON shapes of the CodeSync API (server/http/views.py is the source of truth).

export type Role = "host" | "interviewer" | "candidate" | "observer";
export type InviteRole = "candidate" | "interviewer" | "observer";
export type SessionStatus = "active" | "ended";

/** A JSON value (a test case's arguments and expected result, a run's returned value). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One test case of a problem (server/problems: `{name, args, expected}`). */
export interface TestCase {
  name: string;
  args: Json[];
  expected: Json;
}

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

export interface User {
  id: string;
  email: string;
  name: string;
  created_at: number;
}

export interface Participant {
  user_id: string;
  name: string;
  role: Role;
  guest: boolean;
  joined_at: number;
}

export interface Session {
  id: string;
  title: string;
  status: SessionStatus;
  host_id: string;
  problem_id: string | null;
  language: string;
  created_at: number; // epoch seconds
  ended_at: number | null;
  participants?: Participant[];
  candidate?: string | null;
  role?: Role;
}

export type Me =
  | { kind: "user"; user: User }
  | { kind: "guest"; user: { id: string; name: string }; session_id: string };

export interface SessionPage {
  sessions: Session[];
  next_before: string | null;
}

export interface Invite {
  id: string;
  role: InviteRole;
  created_at: number;
  expires_at: number;
  revoked: boolean;
  used: boolean;
  url: string;
  token: string;
}

export interface Redeemed {
  session_id: string;
  role: Role;
  token: string;
  user_id: string;
  name: string;
}

export interface RoomToken {
  token: string;
  expires_at: number;
  role: Role;
}

export type Difficulty = "easy" | "medium" | "hard";

/** A problem of the bank: the list has summaries, a single problem has its statement. */
export interface Problem {
  id: string;
  title: string;
  difficulty?: Difficulty;
  tags?: string[];
  statement?: string; // markdown
}

export interface SignedIn {
  user: User;
  token: string;
}
