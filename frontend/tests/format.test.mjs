// The formatting helpers (src/format.ts), in fixed locales so the expectations hold anywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { importSource } from "./ts.mjs";

const format = await importSource("format.ts");

// Intl's currency and date forms use non-breaking spaces in some locales: compare with plain ones.
const plain = (text) => text.replace(/[\u00a0\u202f]/g, " ");

test("money in the locale's currency form, a cost under a cent to two significant digits", () => {
  assert.equal(format.money("151000.00", "en-US"), "$151,000.00");
  assert.equal(plain(format.money("151000.00", "de-DE")), "151.000,00 $");
  assert.equal(format.money(null, "en-US"), "—");
  assert.equal(format.cost("0.000123", "en-US"), "$0.00012");
  assert.equal(format.cost("12.5", "en-US"), "$12.50");
  assert.equal(format.cost(null, "en-US"), "unpriced");
});

test("counts take the plural the locale's rules choose", () => {
  assert.equal(format.count(1, "activity", "activities", "en-US"), "1 activity");
  assert.equal(format.count(0, "activity", "activities", "en-US"), "0 activities");
  assert.equal(format.count(1200, "call", "calls", "en-US"), "1,200 calls");
  assert.equal(format.percent(40, "en-US"), "40%");
});

test("days and moments as the locale writes them, and relative times in words", () => {
  assert.equal(format.day("2026-12-05", "en-US"), "Dec 5, 2026");
  assert.equal(format.day("2026-12-05", "de-DE"), "05.12.2026");
  assert.equal(format.day("2026-12-05T10:00:00Z", "en-GB"), "5 Dec 2026");
  const now = new Date("2026-12-05T12:00:00Z");
  assert.equal(format.relative("2026-12-02T12:00:00Z", now, "en-US"), "3 days ago");
  assert.equal(format.relative("2026-12-04T11:00:00Z", now, "en-US"), "yesterday");
  assert.equal(format.relative("2026-12-05T11:59:50Z", now, "en-US"), "now");
  assert.equal(format.relative("2026-12-19T12:00:00Z", now, "en-US"), "in 2 weeks");
  assert.equal(format.relative("2026-12-02T12:00:00Z", now, "fr-FR"), "il y a 3 jours");
  assert.equal(format.relativeDay("2026-12-17", "2026-12-05", "en-US"), "in 12 days");
  assert.equal(format.relativeDay("2026-12-04", "2026-12-05", "en-US"), "yesterday");
  assert.equal(format.isoDay(7, new Date(2026, 11, 5)), "2026-11-28");
});

test("codes as words: activity kinds, signals and bands", () => {
  assert.equal(format.words("support_ticket"), "Support ticket");
  assert.equal(format.signalName("stalled_deals"), "Stalled deals");
  assert.equal(format.bandName("at_risk"), "At risk");
});

test("each signal as a sentence with its figures, plural-aware; an unreadable detail as it came", () => {
  const sentence = (code, detail) => format.signalSentence({ code, detail }, "2026-12-05", "en-US");
  assert.equal(sentence("inactivity", "No activity for 45 days."), "No activity for 45 days.");
  assert.equal(sentence("inactivity", "No activity for 1 days."), "No activity for 1 day.");
  assert.equal(sentence("inactivity", "No recorded activity."), "No activity has been recorded yet.");
  assert.equal(
    sentence("stalled_deals", "1 open deal(s) unchanged in stage for more than 30 days."),
    "1 open deal has not moved stage in more than 30 days.",
  );
  assert.equal(
    sentence("stalled_deals", "3 open deal(s) unchanged in stage for more than 30 days."),
    "3 open deals have not moved stage in more than 30 days.",
  );
  assert.equal(
    sentence("engagement_drop", "1 activities in the last 30 days against 4 in the 30 days before."),
    "Engagement dropped: 1 activity in the last 30 days, against 4 in the 30 days before.",
  );
  assert.equal(sentence("renewal_near", "Contract ends in 12 days (2026-12-17)."), "The contract ends in 12 days (Dec 17, 2026).");
  assert.equal(sentence("renewal_near", "Contract ended 3 days ago (2026-12-02)."), "The contract ended 3 days ago (Dec 2, 2026).");
  assert.equal(sentence("at_risk_status", "Account is marked at risk."), "The account is marked at risk.");
  assert.equal(sentence("something_new", "A new rule fired."), "A new rule fired.");
});
