// The next-best actions through the REST API (copilot/actions/api), their order on screen, and the
// signal that they changed elsewhere on the page (a chat's propose_actions result).
import { useEffect } from "react";

import { type DoneRecommendation, type Page, type Recommendation, api } from "../api";

const OPEN = ["proposed", "accepted"] as const;
const PRIORITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

// The reasons the app offers for dismissing (the server's DISMISS_REASONS); any other text is accepted too.
export const DISMISS_REASONS = ["Not relevant", "Already done", "Wrong timing", "Facts are wrong", "Not my call"];

/** Earliest due first (so overdue ones lead), then the higher priority, then the older. */
export function byDue(a: Recommendation, b: Recommendation): number {
  return a.due_on.localeCompare(b.due_on) || (PRIORITY_RANK[a.priority] ?? 3) - (PRIORITY_RANK[b.priority] ?? 3) || a.id - b.id;
}

async function everyPage(path: string): Promise<Recommendation[]> {
  const found: Recommendation[] = [];
  let next: string | null | undefined = path;
  while (next) {
    const page: Page<Recommendation> = await api<Page<Recommendation>>(next);
    found.push(...page.results);
    next = page.next ? new URL(page.next, location.href).pathname + new URL(page.next, location.href).search : null;
  }
  return found;
}

/** The open (proposed or accepted) actions of one account, or of every account of the manager. */
export async function openActions(account?: string): Promise<Recommendation[]> {
  const lists = await Promise.all(
    OPEN.map((status) => {
      const query = new URLSearchParams({ status });
      if (account) query.set("account", account);
      return everyPage(`/api/recommendations/?${query}`);
    }),
  );
  return lists.flat().sort(byDue);
}

const route = (id: number, step: string) => `/api/recommendations/${id}/${step}/`;

export const acceptAction = (id: number) => api<Recommendation>(route(id, "accept"), { body: {} });
export const dismissAction = (id: number, reason: string) => api<Recommendation>(route(id, "dismiss"), { body: { reason } });
export const doneAction = (id: number, note: string) =>
  api<DoneRecommendation>(route(id, "done"), { body: note.trim() ? { note: note.trim() } : {} });

const CHANGED = "sergas:actions-changed";

/** Tell the page that an account's actions changed (null: any account's). */
export function announceActionsChanged(account: string | null) {
  window.dispatchEvent(new CustomEvent<string | null>(CHANGED, { detail: account }));
}

/** Call ``listener`` with the account whenever actions change elsewhere on the page. */
export function useActionsChanged(listener: (account: string | null) => void) {
  useEffect(() => {
    const handle = (event: Event) => listener((event as CustomEvent<string | null>).detail);
    window.addEventListener(CHANGED, handle);
    return () => window.removeEventListener(CHANGED, handle);
  }, [listener]);
}
