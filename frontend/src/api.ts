// The REST API on the same origin, with the logged-in session; writes carry the CSRF token.

export type Signal = { code: string; detail: string; penalty: number };
export type Health = { score: number; band: string; signals: Signal[] };
export type Account = {
  external_id: string;
  name: string;
  status: string;
  owner: string | null;
  industry: string;
  annual_revenue: string | null;
  contract_end: string | null;
  health: Health;
};
export type Deal = { id: number; name: string; stage: string; amount: string; probability: number; close_date: string | null };
export type Activity = { id: number; kind: string; subject: string; occurred_at: string };
export type AccountDetail = Account & { open_deals: Deal[]; recent_activities: Activity[] };
export type Conversation = {
  id: string;
  title: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
  calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: string | null;
};
export type ConversationMessage = { id: string; role: string; request_id: number | null };
export type Page<T> = { count: number; next?: string | null; results: T[] };
export type Snapshot = { day: string; score: number; band: string; signals: string[] };
export type SignalChange = { day: string; signal: string; change: "appeared" | "cleared" };
export type HealthTrend = { series: Snapshot[]; changes: SignalChange[] };
export type HealthChange = {
  external_id: string;
  name: string;
  since: string;
  band_before: string;
  band_after: string;
  score_before: number;
  score_after: number;
  appeared: string[];
  cleared: string[];
};
export type Preferences = { briefs: boolean };
export type ActionStatus = "proposed" | "accepted" | "dismissed" | "done" | "expired";
/** A next-best action (copilot/actions/api/serializers.py). */
export type Recommendation = {
  id: number;
  account: string;
  account_name: string;
  title: string;
  kind: string;
  priority: string;
  due_on: string;
  rationale: string;
  status: ActionStatus;
  dismiss_reason: string;
  done_note: string;
  activity: number | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
};
export type DoneRecommendation = Recommendation & { health: Health };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : "";
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    if (typeof record.message === "string") return record.message;
    const problems = Object.entries(record).map(([field, value]) => `${field}: ${([] as unknown[]).concat(value).join(" ")}`);
    if (problems.length) return problems.join("; ");
  }
  return `The server answered HTTP ${status}.`;
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    headers["X-CSRFToken"] = csrfToken();
  }
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    credentials: "same-origin",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, messageOf(body, response.status), body);
  return body as T;
}

export const session = (() => {
  const root = document.getElementById("root")!;
  return {
    user: root.dataset.user ?? "",
    staff: root.dataset.staff === "true",
    logoutUrl: root.dataset.logout ?? "/logout/",
    adminUrl: root.dataset.admin ?? "/admin/",
  };
})();
