// Words and numbers as a manager reads them, in the browser's locale (Intl): never raw codes, ISO
// strings or "1 activities". Every helper takes the locale last so tests can fix it.

const browserLocale = (): string | undefined => (typeof navigator === "undefined" ? undefined : navigator.language);

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

/** "1 activity", "2 activities": the noun by the locale's plural rules (English nouns). */
export function count(n: number, one: string, other: string, lang = browserLocale()): string {
  const form = new Intl.PluralRules(lang).select(n) === "one" ? one : other;
  return `${number(n, lang)} ${form}`;
}

export function number(n: number, lang = browserLocale()): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** An amount the API sends as a decimal string; null or unparsable is "—". */
export function money(value: string | null, lang = browserLocale(), currency = "USD", options: Intl.NumberFormatOptions = {}): string {
  const amount = value === null ? Number.NaN : Number(value);
  if (Number.isNaN(amount)) return "—";
  return new Intl.NumberFormat(lang, { style: "currency", currency, ...options }).format(amount);
}

/** A cost in dollars to the cent, or to the micro-dollar when it is under a cent; null is "unpriced". */
export function cost(value: string | null, lang = browserLocale()): string {
  if (value === null) return "unpriced";
  const small = Math.abs(Number(value)) < 0.01 && Number(value) !== 0;
  return money(value, lang, "USD", small ? { maximumSignificantDigits: 2 } : {});
}

export function percent(whole: number, lang = browserLocale()): string {
  return new Intl.NumberFormat(lang, { style: "percent" }).format(whole / 100);
}

function dayValue(value: string): number {
  const [year, month, date] = value.slice(0, 10).split("-").map(Number);
  return Date.UTC(year, month - 1, date);
}

/** A calendar day (`YYYY-MM-DD`, no time zone) as the locale writes it: "Dec 5, 2026", "5. Dez. 2026". */
export function day(value: string, lang = browserLocale(), options: Intl.DateTimeFormatOptions = { dateStyle: "medium" }): string {
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: "UTC" }).format(dayValue(value));
}

/** A moment (ISO 8601 with a zone) as a date and time in the browser's zone. */
export function moment(value: string, lang = browserLocale()): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** How long ago (or until) a moment is, in words: "3 days ago", "yesterday", "in 2 weeks", "now". */
export function relative(value: string | Date, now: Date = new Date(), lang = browserLocale()): string {
  const seconds = (new Date(value).getTime() - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, "second");
}

/** A calendar day relative to today, by whole days: "yesterday", "in 12 days", "3 weeks ago". */
export function relativeDay(value: string, today: string = isoDay(), lang = browserLocale()): string {
  const days = Math.round((dayValue(value) - dayValue(today)) / 86400000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (Math.abs(days) >= 14) return format.format(Math.trunc(days / 7), "week");
  return format.format(days, "day");
}

/** Today's or an earlier local day as `YYYY-MM-DD`, for the API's query parameters. */
export function isoDay(daysAgo = 0, now = new Date()): string {
  const then = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${then.getFullYear()}-${pad(then.getMonth() + 1)}-${pad(then.getDate())}`;
}

/** A health signal as a sentence, from its code and the figures in the server's detail; the detail
 * itself when its figures cannot be read. */
export function signalSentence(signal: { code: string; detail: string }, today: string = isoDay(), lang = browserLocale()): string {
  const figures = (pattern: RegExp) => signal.detail.match(pattern)?.slice(1);
  switch (signal.code) {
    case "inactivity": {
      if (/No recorded activity/.test(signal.detail)) return "No activity has been recorded yet.";
      const [days] = figures(/for (\d+) days/) ?? [];
      if (days) return `No activity for ${count(Number(days), "day", "days", lang)}.`;
      break;
    }
    case "stalled_deals": {
      const [deals, days] = figures(/^(\d+) open deal.*more than (\d+) days/) ?? [];
      if (deals) {
        const n = Number(deals);
        return `${count(n, "open deal has", "open deals have", lang)} not moved stage in more than ${count(Number(days), "day", "days", lang)}.`;
      }
      break;
    }
    case "engagement_drop": {
      const [recent, window, prior] = figures(/^(\d+) activities in the last (\d+) days against (\d+)/) ?? [];
      if (recent) {
        const span = count(Number(window), "day", "days", lang);
        return `Engagement dropped: ${count(Number(recent), "activity", "activities", lang)} in the last ${span}, against ${number(Number(prior), lang)} in the ${span} before.`;
      }
      break;
    }
    case "renewal_near": {
      const [end] = figures(/\((\d{4}-\d{2}-\d{2})\)/) ?? [];
      if (end) {
        const when = relativeDay(end, today, lang);
        return end < today ? `The contract ended ${when} (${day(end, lang)}).` : `The contract ends ${when} (${day(end, lang)}).`;
      }
      break;
    }
    case "at_risk_status":
      return "The account is marked at risk.";
  }
  return signal.detail;
}
