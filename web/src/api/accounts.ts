import { request } from "./http";
import type { Me, SignedIn } from "./types";

export function signUp(body: { email: string; password: string; name: string }): Promise<SignedIn> {
  return request("POST", "/api/auth/signup", { body });
}

export function logIn(body: { email: string; password: string }): Promise<SignedIn> {
  return request("POST", "/api/auth/login", { body });
}

export function logOut(): Promise<unknown> {
  return request("POST", "/api/auth/logout");
}

export function fetchMe(bearer?: string | null): Promise<Me> {
  return request("GET", "/api/me", { bearer });
}
