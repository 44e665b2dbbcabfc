// Words and numbers as a manager reads them, in the browser's locale (Intl), never raw codes or ISO strings.

const locale = (): string | undefined => (typeof navigator === "undefined" ? undefined : navigator.language);

const SIGNAL_NAMES: Record<string, string> = {
  inactivity: "No recent activity",
  stalled_deals: "Stalled deals",
  engagement_drop: "Engagement dropped",
  renewal_near: "Renewal near",
  at_risk_status: "Marked at risk",
};

const BAND_NAMES: Record<string, string> = { healthy: "Healthy", watch: "Watch", at_risk: "At risk" };

/** A code such as `support_ticket` as words: "Support ticket". */
export function words(code: string): string {
  const text = code.replace(/_/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function signalName(code: string): string {
  return SIGNAL_NAMES[code] ?? words(code);
}

export function bandName(band: string): string {
  return BAND_NAMES[band] ?? words(band);
}

/** A calendar day (`YYYY-MM-DD`, no time zone) as the locale writes it: "5 Dec 2026". */
export function day(value: string, options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }, lang = locale()): string {
  const [year, month, date] = value.split("-").map(Number);
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: "UTC" }).format(Date.UTC(year, month - 1, date));
}

/** Today's or an earlier local day as `YYYY-MM-DD`, for the API's query parameters. */
export function isoDay(daysAgo = 0, now = new Date()): string {
  const then = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${then.getFullYear()}-${pad(then.getMonth() + 1)}-${pad(then.getDate())}`;
}
