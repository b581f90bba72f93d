/** Every failure of an API call, as a value the UI can show: a code and a sentence. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number, // 0: the request never got an answer
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: "The request was not accepted.",
  401: "Please sign in first.",
  403: "You are not allowed to do this.",
  404: "Not found.",
  409: "This conflicts with the current state; reload and try again.",
  413: "That is too large.",
  429: "Too many attempts; wait a moment and try again.",
};

function isErrorBody(value: unknown): value is { error: { code: string; message: string } } {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

/** The server's `{"error": {code, message}}`, or a sentence for anything else (a proxy's HTML page). */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy or a crashed upstream answered
  }
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.error.code, body.error.message);
  }
  const message =
    FALLBACK_MESSAGES[response.status] ??
    (response.status >= 500
      ? `The server had a problem (HTTP ${response.status}); please retry in a moment.`
      : `The server answered unexpectedly (HTTP ${response.status}).`);
  return new ApiError(response.status, response.status >= 500 ? "server_error" : "http_error", message);
}

export function networkError(): ApiError {
  return new ApiError(
    0,
    "network_error",
    "Can't reach CodeSync right now. Check your connection; we'll keep trying.",
  );
}

export function timeoutError(): ApiError {
  return new ApiError(0, "timeout", "The server took too long to answer; please retry.");
}

/** A sentence for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong; please retry.";
}
