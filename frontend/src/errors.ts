// Two audiences for a failure: the manager reads a plain sentence with the call's reference; the
// code and the server's detail are for operators (the admin, the log, the health check), and are
// shown in the app only to staff.

export type Failure = { code: string | null; requestId: string | null; detail: string };

const NOT_AVAILABLE = "The assistant is not available right now — your administrator has been told.";

/** What a manager is told for each documented error code. */
export const MANAGER_SENTENCES: Record<string, string> = {
  VALIDATION_ERROR: "The assistant could not read that request. Try asking again in other words.",
  PAYLOAD_TOO_LARGE: "That is too long for the assistant. Shorten it, or start a new conversation.",
  UNAUTHENTICATED: "Your session has ended. Reload the page and log in again.",
  PERMISSION_DENIED: "This conversation belongs to someone else. Start a new conversation.",
  ACCOUNT_NOT_FOUND: "This account is not one of yours, or it no longer exists.",
  RATE_LIMITED: "You are asking faster than the assistant allows. Wait a moment, then try again.",
  BUDGET_EXCEEDED: "The assistant has reached its spending limit for now — your administrator has been told.",
  LLM_NOT_CONFIGURED: NOT_AVAILABLE,
  PROVIDER_AUTH_FAILED: NOT_AVAILABLE,
  PROVIDER_REJECTED: NOT_AVAILABLE,
  PROVIDER_RATE_LIMITED: "The assistant is busy right now. Try again in a minute.",
  PROVIDER_UNAVAILABLE: "The assistant is not available right now — your administrator has been told. Try again in a few minutes.",
  PROVIDER_TIMEOUT: "The assistant took too long to answer. Try again.",
  PROVIDER_BAD_RESPONSE: "The assistant's answer came back broken. Try again.",
  CANCELLED: "The answer was stopped.",
  INTERRUPTED: "The answer was interrupted. Try again.",
  INTERNAL_ERROR: "Something went wrong on our side — your administrator has been told.",
  AGENT_STEP_LIMIT: "The assistant kept looking things up without reaching an answer. Ask a narrower question.",
};

const BY_STATUS: Record<number, string> = { 400: "VALIDATION_ERROR", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "ACCOUNT_NOT_FOUND", 413: "PAYLOAD_TOO_LARGE", 429: "RATE_LIMITED" };

/** The sentence a manager sees, with the call's reference when there is one. */
export function managerMessage(failure: Failure): string {
  const sentence = (failure.code && MANAGER_SENTENCES[failure.code]) || "The assistant could not answer. Try again.";
  return failure.requestId ? `${sentence} (Reference: request ${failure.requestId}.)` : sentence;
}

/** The operator's view: the code and the server's own words. */
export function operatorDetail(failure: Failure): string {
  return [failure.code, failure.detail].filter(Boolean).join(": ");
}

type ErrorEvent = { error: Error; context?: { runtimeErrorCode?: string; event?: { rawEvent?: { requestId?: string } } } };

/** A failure from CopilotKit's onError: a RUN_ERROR event (its code, and the request id in
 * rawEvent), or an HTTP answer ("HTTP 503: <the contract's error body>"), or a network failure. */
export function failureOf({ error, context }: ErrorEvent): Failure {
  if (context?.runtimeErrorCode) {
    return { code: context.runtimeErrorCode, requestId: context.event?.rawEvent?.requestId ?? null, detail: error.message };
  }
  const http = error.message.match(/^HTTP (\d+): (.*)$/s);
  if (http) {
    let body: { message?: unknown; errors?: { message?: string; extensions?: { code?: string; requestId?: string | null } }[] } = {};
    try {
      body = JSON.parse(http[2]);
    } catch {
      // not JSON: the status says enough
    }
    const first = body.errors?.[0];
    const status = Number(http[1]);
    return {
      code: first?.extensions?.code ?? BY_STATUS[status] ?? (status >= 500 ? "PROVIDER_UNAVAILABLE" : null),
      requestId: first?.extensions?.requestId ?? null,
      detail: typeof body.message === "string" ? body.message : (first?.message ?? http[2]),
    };
  }
  const code = (error as Error & { code?: string }).code ?? null;
  return { code: code && MANAGER_SENTENCES[code] ? code : null, requestId: null, detail: error.message };
}

// --- A failed request of the app's own (the actions' accept, dismiss, done) --------------------

/** How each status of an action reads after "This action is already …". */
const STATE_WORDS: Record<string, string> = {
  proposed: "only proposed",
  accepted: "accepted",
  dismissed: "dismissed",
  done: "done",
  expired: "expired",
};
/** What was asked, after "so it cannot be …". */
const WANTED_WORDS: Record<string, string> = { accepted: "accepted", dismissed: "dismissed", done: "marked done" };

/** A failed call to the REST API (an ApiError: its status, the server's words and body) or the
 * network: the manager's sentence, and the server's words for staff. */
export function requestFailure(error: unknown): { sentence: string; detail: string } {
  const failed = error as { status?: unknown; body?: unknown; message?: unknown };
  const detail = typeof failed?.message === "string" ? failed.message : String(error);
  if (typeof failed?.status !== "number") {
    return { sentence: "The server could not be reached. Check your connection, then try again.", detail };
  }
  const status = failed.status;
  const body = (failed.body && typeof failed.body === "object" ? failed.body : {}) as Record<string, unknown>;
  const withStatus = `HTTP ${status}: ${detail}`;
  let sentence: string;
  if (status === 409 && typeof body.status === "string" && typeof body.requested === "string") {
    const now = STATE_WORDS[body.status] ?? body.status;
    const wanted = WANTED_WORDS[body.requested] ?? body.requested;
    sentence = `This action is already ${now}, so it cannot be ${wanted}. The list now shows where it stands.`;
  } else if (status === 400 && "reason" in body) {
    sentence = "Give a reason for dismissing it, in at most 300 characters.";
  } else if (status === 400 && "note" in body) {
    sentence = "The note is too long: keep it under 2,000 characters.";
  } else if (status === 400) {
    sentence = "That could not be saved. Check what you entered, then try again.";
  } else if (status === 401 || (status === 403 && /credentials|CSRF/i.test(detail))) {
    sentence = MANAGER_SENTENCES.UNAUTHENTICATED;
  } else if (status === 403) {
    sentence = "Only the account's owner can accept, dismiss or do its actions.";
  } else if (status === 404) {
    sentence = "This action is not one of yours, or it no longer exists.";
  } else if (status === 429) {
    sentence = "You are going faster than the server allows. Wait a moment, then try again.";
  } else {
    sentence = "Something went wrong on our side — your administrator has been told. Try again in a few minutes.";
  }
  return { sentence, detail: withStatus };
}
