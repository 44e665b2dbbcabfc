// The managers' app in Debian's Chromium, against the live ASGI server and the provider double.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";
import { startStack } from "../../tests/js/stack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const screenshots = process.env.SCREENSHOT_DIR ?? path.join(root, "ci-artifacts/screenshots");
const ANSWER = "Renewal risk is high: the account is at risk and nobody has talked to them lately. Call the sponsor this week.";

let stack;
let browser;
before(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startStack();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
});
after(async () => {
  await browser?.close();
  stack?.stop();
});

async function logIn(username = "morgan") {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${stack.url}/app/`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(stack.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/app\/$/);
  return page;
}

function isoDaysAgo(days) {
  const then = new Date();
  then.setDate(then.getDate() - days);
  return `${then.getFullYear()}-${String(then.getMonth() + 1).padStart(2, "0")}-${String(then.getDate()).padStart(2, "0")}`;
}

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } };

/** What sticks out past the right edge of the screen (the page would scroll sideways or zoom out). */
async function wider(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      if (box.width && box.right > width + 1 && !element.closest(".visually-hidden")) {
        out.push(`${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(box.right)} px`);
      }
    }
    return out.slice(0, 5);
  });
}

/** At desktop and phone width: no serious or critical accessibility violation, nothing wider than
 * the screen, and a screenshot of each for the CI artifacts. The page is left at its own size. */
async function check(page, name) {
  const own = page.viewportSize();
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact));
    await page.screenshot({ path: path.join(screenshots, `app-${name}-${size}.png`), fullPage: true });
    assert.deepEqual(
      bad.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target).join(", ")})`),
      [],
      `accessibility of ${name} at ${size} width`,
    );
    assert.deepEqual(await wider(page), [], `${name} fits the ${size} screen`);
  }
  await page.setViewportSize(own);
}

async function apiGet(page, url) {
  const response = await page.request.get(`${stack.url}${url}`);
  assert.equal(response.status(), 200, url);
  return response.json();
}

async function openAccount(page, name) {
  await page.getByRole("table").getByRole("link", { name }).click();
  await page.getByRole("heading", { name, level: 1 }).waitFor();
  await page.getByTestId("copilot-chat-textarea").waitFor();
}

async function ask(page, question) {
  await page.getByTestId("copilot-chat-textarea").fill(question);
  await page.getByTestId("copilot-chat-textarea").press("Enter");
}

test("the login page and a manager's accounts, worst health first, only their own", async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${stack.url}/`);
  await page.getByLabel("Username").waitFor();
  await check(page, "login");
  const manager = await logIn();
  await manager.locator("table.accounts tbody tr").first().waitFor();

  const names = await manager.locator("table.accounts tbody tr td:first-child a").allTextContents();
  assert.deepEqual(names, ["Globex", "Initech"]);
  const globex = await manager.getByRole("row", { name: /Globex/ }).innerText();
  assert.match(globex, /No activity has been recorded yet\. The account is marked at risk\./, "signals as sentences");
  assert.match(globex, /At risk/);
  assert.doesNotMatch(globex, /at_risk|;/);
  await check(manager, "accounts");
  await manager.getByLabel("Search").fill("init");
  await manager.waitForFunction(() => document.querySelectorAll("table.accounts tbody tr").length === 1);
});

test("the answer streams in, and a reload restores the conversation", async () => {
  await stack.script({ kind: "ok", text: ANSWER, token_delay: 0.12 });
  const page = await logIn();
  await openAccount(page, "Globex");
  await check(page, "account");

  await ask(page, "What are the main risks?");
  const reply = page.getByTestId("copilot-assistant-message").last();
  await reply.waitFor();
  const seen = new Set();
  for (let polls = 0; polls < 400; polls++) {
    const text = (await reply.innerText()).trim();
    if (text) seen.add(text);
    if (text.includes("this week.")) break;
    await page.waitForTimeout(25);
  }
  const partial = [...seen].filter((text) => !text.includes("this week."));
  assert.ok(partial.length >= 2, `the answer grew in steps: ${JSON.stringify(partial)}`);
  assert.match(await reply.innerText(), /Call the sponsor this week\./);
  await check(page, "answer");
  await page.getByText(/1 call · [\d,]+ tokens/).waitFor(); // the run has finished and been stored

  await page.reload();
  // The restored messages are replayed into the chat: wait for their words, not just their boxes.
  await page.getByTestId("copilot-assistant-message").filter({ hasText: /Call the sponsor this week\./ }).first().waitFor();
  await page.getByTestId("copilot-user-message").filter({ hasText: /What are the main risks\?/ }).first().waitFor();
  await page.getByText(/1 call · [\d,]+ tokens · \$0\.\d+/).waitFor(); // what the conversation cost, in dollars
  // Beside its title: when it was last used and how many messages it holds.
  await page.locator(".conversations li").getByText(/^(now|\d+ (second|minute)s? ago) · 2 messages · 1 call · /).waitFor();
});

async function proposeFollowUp(page) {
  await stack.script({ kind: "tool_use", tool: { name: "logFollowUp", input: { kind: "call", subject: "Call the sponsor" } } });
  await openAccount(page, "Globex");
  await ask(page, "Log a follow-up call with the sponsor");
  await page.getByRole("group", { name: "Proposed follow-up" }).waitFor();
}

async function activityCount(page) {
  const response = await page.request.get(`${stack.url}/api/accounts/ACC-77/`);
  return (await response.json()).recent_activities.length;
}

test("the model's tool call shows a card: confirming logs one activity and the signals update", async () => {
  const page = await logIn();
  await proposeFollowUp(page);
  assert.equal(await activityCount(page), 0);
  await check(page, "follow-up-card");
  assert.ok(await page.getByText("No activity has been recorded yet.").count(), "the inactivity signal, as a sentence, before");

  await page.getByRole("button", { name: "Confirm" }).click();

  await page.getByText("Logged: Call — Call the sponsor").waitFor();
  assert.equal(await activityCount(page), 1);
  await page.locator(".activities").getByText(/now · Call: Call the sponsor/).waitFor(); // the page's recent activities, in words
  await page.waitForFunction(() => !document.body.innerText.includes("No activity has been recorded yet."));
});

test("declining the card logs nothing", async () => {
  const page = await logIn();
  const before = await activityCount(page);
  await proposeFollowUp(page);

  await page.getByRole("button", { name: "Decline" }).click();

  await page.getByText("Declined.").waitFor();
  assert.equal(await activityCount(page), before);
});

test("another manager's account is a clear not found page", async () => {
  const page = await logIn();
  await page.goto(`${stack.url}/app/accounts/ACC-88`);
  await page.getByRole("heading", { name: "Not found" }).waitFor();
  await check(page, "not-found");
});

test("a provider failure tells the manager in a plain sentence with the call's reference, not the operator's detail", async () => {
  await stack.script(...Array(2).fill({ kind: "error", status: 500 })); // the stack retries once
  const page = await logIn();
  await openAccount(page, "Initech");

  await ask(page, "What are the main risks?");

  const alert = page.getByRole("alert");
  await alert.waitFor({ timeout: 30000 });
  const text = await alert.innerText();
  const [, requestId] = text.match(/\(Reference: request (\d+)\.\)/) ?? [];
  assert.ok(requestId, text);
  assert.match(text, /^The assistant is not available right now — your administrator has been told\. Try again in a few minutes\./);
  assert.doesNotMatch(text, /PROVIDER_UNAVAILABLE|HTTP 500|provider/i, "the operator's code and detail are not for the manager");
  // The reference is the failed call the operators see in the admin.
  const thread = new URL(page.url()).searchParams.get("thread");
  const conversations = await apiGet(page, "/api/threads/?account=ACC-12");
  assert.ok(conversations.results.some((conversation) => conversation.id === thread && conversation.calls >= 1));
  await check(page, "provider-failure");
});

test("the accounts page opens with what changed since yesterday, and each account's trend over the week", async () => {
  const page = await logIn();
  const panel = page.getByRole("region", { name: "Since yesterday" });
  const changes = await apiGet(page, "/api/accounts/changes/");
  // The stack's facts: Initech's first call is today, so yesterday's snapshot had no activity.
  const initech = changes.results.find((change) => change.external_id === "ACC-12");
  assert.ok(initech, "Initech changed since yesterday");
  assert.deepEqual(initech.cleared, ["inactivity"]);

  await panel.getByRole("link", { name: "Initech" }).waitFor();
  const items = panel.getByRole("listitem");
  assert.equal(await items.count(), changes.results.length);
  const item = items.filter({ hasText: "Initech" });
  assert.match(await item.innerText(), /No recent activity cleared/);
  assert.match(await item.innerText(), new RegExp(`${initech.score_before} · .*→.*${initech.score_after} · `, "s"));

  const week = await apiGet(page, `/api/accounts/changes/?since=${isoDaysAgo(7)}`);
  const weekInitech = week.results.find((change) => change.external_id === "ACC-12");
  const arrow = page.getByRole("row", { name: /Initech/ }).getByRole("img");
  await arrow.and(page.locator('[aria-label^="better"]')).waitFor();
  assert.equal(await arrow.getAttribute("aria-label"), `better this week: ${weekInitech.score_before} → ${weekInitech.score_after}`);
  await check(page, "accounts-since-yesterday");
});

test("an account's page shows its score over 30 days and the day each signal appeared or cleared", async () => {
  const page = await logIn();
  const trend = await apiGet(page, "/api/accounts/ACC-12/health/?days=30");
  assert.ok(trend.series.length >= 2, "the stack back-fills a month of snapshots");
  await openAccount(page, "Initech");

  const sparkline = page.getByTestId("sparkline");
  await sparkline.waitFor();
  const points = (await sparkline.locator("polyline").getAttribute("points")).trim().split(/\s+/);
  assert.equal(points.length, trend.series.length, "one point per day");
  const label = await sparkline.getAttribute("aria-label");
  assert.match(label, new RegExp(`^Health score from ${trend.series[0].score} on .+ to ${trend.series.at(-1).score} on `));

  const cleared = trend.changes.find((change) => change.signal === "inactivity" && change.change === "cleared");
  assert.ok(cleared, "inactivity cleared with today's call");
  const changed = page.getByRole("list", { name: "What changed" });
  await changed.getByText(/No recent activity\s+cleared/).waitFor();
  assert.equal(await changed.locator(`time[datetime="${cleared.day}"]`).count(), 1);
  await check(page, "account-trend");

  await page.goto(`${stack.url}/app/accounts/ACC-77`);
  const globex = await apiGet(page, "/api/accounts/ACC-77/health/?days=30");
  await page.getByTestId("sparkline").waitFor();
  assert.equal((await page.getByTestId("sparkline").locator("polyline").getAttribute("points")).trim().split(/\s+/).length, globex.series.length);
  // Globex's signals fired on every day of the month: since the first day or earlier.
  const signals = page.locator(".signals li");
  await signals.first().waitFor();
  for (const text of await signals.allInnerTexts()) assert.match(text, /since .+ or earlier/);
});

test("the morning brief toggle saves the choice on the server, and a reload shows it", async () => {
  const page = await logIn("riley");
  await page.getByRole("link", { name: "Settings" }).click();
  const toggle = page.getByRole("checkbox", { name: /morning brief/ });
  await toggle.waitFor();
  assert.equal(await toggle.isChecked(), true, "on unless turned off");
  await check(page, "settings");

  await toggle.uncheck();

  await page.getByText("You will not get the morning brief.").waitFor();
  assert.deepEqual(await apiGet(page, "/api/me/preferences/"), { briefs: false });
  await page.reload();
  await toggle.waitFor();
  assert.equal(await toggle.isChecked(), false);
  await check(page, "settings-toggle");

  await toggle.check();
  await page.getByText("You will get the morning brief.").waitFor();
  assert.deepEqual(await apiGet(page, "/api/me/preferences/"), { briefs: true });
});

test("Settings on a server without preferences (404) says there is nothing to set", async () => {
  const page = await logIn();
  // An older server: the endpoint answers 404, as Django does for an unknown URL.
  await page.route("**/api/me/preferences/", (route) => route.fulfill({ status: 404, json: { detail: "Not found." } }));
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByText("There is nothing to set here yet.").waitFor();
  assert.equal(await page.getByRole("checkbox").count(), 0);
});

test("the accounts list loads none of the copilot's code; an account loads it, and answers render as markdown", async () => {
  const page = await logIn();
  const scripts = [];
  page.on("request", (request) => request.resourceType() === "script" && scripts.push(new URL(request.url()).pathname));
  await page.reload();
  await page.locator("table.accounts tbody tr").first().waitFor();
  assert.deepEqual(scripts.filter((name) => /chat-|AccountChat|AccountPage/.test(name)), [], "the list fetched no chat code");
  assert.ok(scripts.every((name) => !name.endsWith(".map")));

  await stack.script({ kind: "ok", text: "Two risks:\n\n| risk | since |\n|---|---|\n| **No activity** | a month |\n" });
  await openAccount(page, "Initech");
  assert.ok(scripts.some((name) => /AccountChat/.test(name)), "the chat's code came with the account");
  await ask(page, "What are the risks?");
  const reply = page.getByTestId("copilot-assistant-message").last();
  await reply.locator("table strong", { hasText: "No activity" }).waitFor();
  await check(page, "markdown-answer");
});

test("on a phone the accounts are cards and the copilot's input stays on screen while it answers", async () => {
  const context = await browser.newContext({ viewport: SIZES.phone, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${stack.url}/app/`);
  await page.getByLabel("Username").fill("morgan");
  await page.getByLabel("Password").fill(stack.password);
  await page.getByRole("button", { name: "Log in" }).click();
  const first = page.locator("table.accounts tbody tr").first();
  await first.waitFor();
  assert.equal(await first.evaluate((row) => getComputedStyle(row).display), "block", "each account is a card");
  assert.deepEqual(await wider(page), []);

  await stack.script({ kind: "ok", text: Array(30).fill("A long answer line about the renewal.").join("\n\n") });
  await openAccount(page, "Initech");
  await page.getByRole("link", { name: "Ask the copilot ↓" }).click();
  const input = page.getByTestId("copilot-chat-textarea");
  const onScreen = async () => {
    const box = await input.boundingBox();
    return box && box.y >= 0 && box.y + box.height <= SIZES.phone.height;
  };
  assert.ok(await onScreen(), "the input is on screen");
  await ask(page, "What are the risks?");
  await page.getByTestId("copilot-assistant-message").last().getByText("A long answer line about the renewal.").last().waitFor();
  assert.ok(await onScreen(), "a long answer scrolls inside the copilot, under the input");
  assert.deepEqual(await wider(page), []);
  await context.close();
});

test("a card the model left without a kind: the manager chooses it, edits the subject, confirms; reloaded, it stays answered", async () => {
  await stack.script({ kind: "tool_use", tool: { name: "logFollowUp", input: { subject: "Call the sponsor" } } });
  const page = await logIn();
  await openAccount(page, "Initech");
  await ask(page, "Log a follow-up with the sponsor");
  const card = page.getByRole("group", { name: "Proposed follow-up" });
  await card.getByText("The assistant left out the kind: choose one.").waitFor();
  const confirm = card.getByRole("button", { name: "Confirm" });
  await card.getByText("Choose what kind of activity it is.").waitFor();
  assert.equal(await confirm.isDisabled(), true, "nothing to confirm without a kind");
  await check(page, "follow-up-incomplete");

  await card.getByLabel("Kind").selectOption("meeting");
  await card.getByLabel("Subject").fill("Meet the sponsor about the renewal");
  await confirm.click();

  await card.getByText("Logged: Meeting — Meet the sponsor about the renewal").waitFor();
  const logged = (await apiGet(page, "/api/accounts/ACC-12/")).recent_activities[0];
  assert.deepEqual([logged.kind, logged.subject], ["meeting", "Meet the sponsor about the renewal"]);
  await page.locator(".conversations li").getByText(/ · [2-9] messages · 2 calls · /).waitFor(); // the follow-up run has been stored

  await page.reload();
  const restored = page.getByRole("group", { name: "Proposed follow-up" });
  await restored.getByText("Logged: Meeting — Meet the sponsor about the renewal").waitFor();
  assert.equal(await restored.getByRole("button").count(), 0, "an answered card offers nothing to confirm again");
});

test("a tool result that is not JSON is shown as text, in the follow-up card and in a server tool's result", async () => {
  const page = await logIn();
  const threadId = crypto.randomUUID();
  await stack.script({ kind: "ok", text: "Noted." });
  const call = { id: "call-by-hand", type: "function", function: { name: "logFollowUp", arguments: JSON.stringify({ kind: "call", subject: "Call back" }) } };
  const search = { id: "search-by-hand", type: "function", function: { name: "search_accounts", arguments: "{}" } };
  const run = await page.request.post(`${stack.url}/copilotkit/agent/orchestrator/run`, {
    headers: { Authorization: `Token ${stack.token}`, Accept: "text/event-stream" },
    data: {
      threadId,
      runId: crypto.randomUUID(),
      state: {},
      tools: [],
      context: [],
      forwardedProps: { account_id: "ACC-12" },
      messages: [
        { id: "m1", role: "user", content: "Log a call back" },
        { id: "m2", role: "assistant", content: "", toolCalls: [call, search] },
        { id: "m3", role: "tool", toolCallId: call.id, content: "Logged by hand in the CRM." },
        { id: "m3b", role: "tool", toolCallId: search.id, content: "The search service was down: try again." },
        { id: "m4", role: "user", content: "Thanks" },
      ],
    },
  });
  assert.equal(run.status(), 200);
  assert.match(await run.text(), /RUN_FINISHED/);

  await page.goto(`${stack.url}/app/accounts/ACC-12?thread=${threadId}`);
  const card = page.getByRole("group", { name: "Proposed follow-up" });
  await card.getByText("Logged by hand in the CRM.").waitFor();
  await page.getByRole("group", { name: "Account search" }).getByText("The search service was down: try again.").waitFor();
  await page.getByRole("heading", { name: "Initech", level: 1 }).waitFor(); // the app is all there
  await page.getByTestId("copilot-chat-textarea").waitFor();
  await check(page, "non-json-result");
});

test("the portfolio chat shows the server tool's accounts as links, then the answer", async () => {
  await stack.script(
    { kind: "tool_use", tool: { name: "search_accounts", input: { status: ["at_risk"] } } },
    { kind: "ok", text: "Globex is your one account at risk." },
  );
  const page = await logIn();
  const scripts = [];
  page.on("request", (request) => request.resourceType() === "script" && scripts.push(new URL(request.url()).pathname));
  await page.locator("table.accounts tbody tr").first().waitFor();
  assert.equal(await page.getByTestId("copilot-chat-textarea").count(), 0, "the chat opens on demand");
  await page.getByRole("button", { name: "Ask the copilot about your accounts" }).click();
  await page.getByTestId("copilot-chat-textarea").waitFor();
  assert.ok(scripts.some((name) => /PortfolioChat/.test(name)), "its code came when it was opened");

  await ask(page, "Which of my accounts are at risk?");

  const found = page.getByRole("group", { name: "Account search" });
  await found.waitFor();
  assert.match(await found.innerText(), /1 account found/);
  await page.getByTestId("copilot-assistant-message").filter({ hasText: /one account at risk/ }).first().waitFor();
  await check(page, "portfolio-chat");
  await found.getByRole("link", { name: "Globex" }).click();
  await page.getByRole("heading", { name: "Globex", level: 1 }).waitFor();
});

// --- Next-best actions (sam's accounts: Hooli, with an overdue proposal, and Vandelay) -----------

async function actionsOf(page, query = "") {
  const open = [];
  for (const status of ["proposed", "accepted"]) open.push(...(await apiGet(page, `/api/recommendations/?status=${status}${query}`)).results);
  return open;
}

async function openHooli(page) {
  await openAccount(page, "Hooli");
  const panel = page.getByRole("list", { name: "Open actions" });
  await panel.getByRole("listitem").first().waitFor();
  return panel;
}

const action = (panel, title) => panel.getByRole("listitem", { name: title });

test("an account's Actions panel lists its open actions in words, the overdue one first and marked", async () => {
  const page = await logIn("sam");
  const panel = await openHooli(page);

  const titles = await panel.locator(".action-title").allTextContents();
  assert.deepEqual(titles, ["Call the sponsor", "Send the renewal terms", "Book a quarterly review"], "by due date");
  const late = await action(panel, "Call the sponsor").innerText();
  assert.match(late, /Call · High priority · Proposed/);
  assert.match(late, /Overdue: was due 3 days ago \(.+\)/);
  assert.match(late, /Nobody has talked to Hooli yet\./, "the rationale");
  assert.match(await action(panel, "Send the renewal terms").innerText(), /Email · Medium priority · Proposed\s+Due in 6 days \(/);
  const accepted = action(panel, "Book a quarterly review");
  assert.match(await accepted.innerText(), /Meeting · Low priority · Accepted/);
  assert.equal(await accepted.getByRole("button", { name: "Accept" }).count(), 0, "an accepted action is not accepted again");
  assert.equal(await action(panel, "Send the renewal terms").locator(".overdue").count(), 0);
  assert.doesNotMatch(await panel.innerText(), /support_ticket|_|\d{4}-\d{2}-\d{2}/, "no raw codes or ISO dates");
  await check(page, "actions-panel");
});

test("My actions lists every open action of the manager by due date, each linking to its account", async () => {
  const page = await logIn("sam");
  const scripts = [];
  page.on("request", (request) => request.resourceType() === "script" && scripts.push(new URL(request.url()).pathname));
  await page.getByRole("link", { name: "My actions" }).click();
  await page.getByRole("heading", { name: "My actions", level: 1 }).waitFor();
  const list = page.getByRole("list", { name: "Open actions, earliest due first" });
  await list.getByRole("listitem").first().waitFor();
  assert.ok(scripts.some((name) => /MyActionsPage/.test(name)), "the page's code came when it was opened");

  const expected = (await actionsOf(page)).sort((a, b) => a.due_on.localeCompare(b.due_on));
  assert.equal(expected.length, 4, "sam's four open actions, none of riley's");
  assert.deepEqual(await list.locator(".action-title").allTextContents(), expected.map((open) => open.title));
  assert.deepEqual(
    await list.locator(".action-account a").allTextContents(),
    ["Hooli", "Vandelay", "Hooli", "Hooli"],
    "overdue Hooli, then Vandelay's ticket due in two days",
  );
  assert.match(await list.getByRole("listitem").first().innerText(), /Overdue/);
  assert.match(await action(list, "Answer the open ticket").innerText(), /Support ticket · High priority · Proposed/);
  for (const item of await list.getByRole("listitem").all()) {
    assert.equal(await item.getByRole("button", { name: "Done" }).count(), 1, "the same controls as on the account page");
    assert.equal(await item.getByRole("button", { name: "Dismiss" }).count(), 1);
  }
  await check(page, "my-actions");

  await action(list, "Answer the open ticket").getByRole("link", { name: "Vandelay" }).click();
  await page.getByRole("heading", { name: "Vandelay", level: 1 }).waitFor();
  await action(page.getByRole("list", { name: "Open actions" }), "Answer the open ticket").waitFor();
});

test("accepting a proposal stores it as accepted and the panel says so", async () => {
  const page = await logIn("sam");
  const panel = await openHooli(page);
  const item = action(panel, "Send the renewal terms");

  await item.getByRole("button", { name: "Accept" }).click();

  await page.getByRole("status").filter({ hasText: "Accepted: Send the renewal terms." }).waitFor();
  await item.getByText(/Medium priority · Accepted/).waitFor();
  assert.equal(await item.getByRole("button", { name: "Accept" }).count(), 0);
  const stored = (await actionsOf(page, "&account=ACC-31")).find((open) => open.title === "Send the renewal terms");
  assert.equal(stored.status, "accepted");
  assert.equal(stored.decided_by, "sam");
});

test("dismissing needs a reason: none cannot be confirmed, a picked one and a typed one are stored", async () => {
  const page = await logIn("sam");
  const panel = await openHooli(page);
  const item = action(panel, "Book a quarterly review");
  await item.getByRole("button", { name: "Dismiss" }).click();
  const form = item.getByRole("form", { name: "Dismiss “Book a quarterly review”" });
  const confirm = form.getByRole("button", { name: "Confirm" });
  assert.equal(await confirm.isDisabled(), true, "no reason yet");
  await form.getByRole("radio", { name: "Other" }).check();
  assert.equal(await confirm.isDisabled(), true, "Other, with nothing written");
  await form.getByLabel("Your reason").fill("   ");
  assert.equal(await confirm.isDisabled(), true, "spaces are no reason");
  await check(page, "actions-dismiss");

  await form.getByRole("radio", { name: "Wrong timing" }).check();
  await confirm.click();

  await page.getByRole("status").filter({ hasText: "Dismissed: Book a quarterly review (Wrong timing)." }).waitFor();
  assert.equal(await action(panel, "Book a quarterly review").count(), 0, "a dismissed action leaves the list");
  const dismissed = (await apiGet(page, "/api/recommendations/?account=ACC-31&status=dismissed")).results;
  assert.deepEqual(dismissed.map((one) => [one.title, one.dismiss_reason]), [["Book a quarterly review", "Wrong timing"]]);

  // A typed reason, from My actions (the same controls).
  await page.getByRole("link", { name: "My actions" }).click();
  const ticket = action(page.getByRole("list", { name: "Open actions, earliest due first" }), "Answer the open ticket");
  await ticket.getByRole("button", { name: "Dismiss" }).click();
  await ticket.getByRole("radio", { name: "Other" }).check();
  await ticket.getByLabel("Your reason").fill("The customer closed the ticket themselves");
  await ticket.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("status").filter({ hasText: "Dismissed: Answer the open ticket" }).waitFor();
  const typed = (await apiGet(page, "/api/recommendations/?account=ACC-44&status=dismissed")).results;
  assert.deepEqual(typed.map((one) => one.dismiss_reason), ["The customer closed the ticket themselves"]);
});

test("proposals the copilot makes in the chat appear in the Actions panel at once, without a reload", async () => {
  await stack.script(
    {
      kind: "tool_use",
      tool: {
        name: "propose_actions",
        input: {
          actions: [{ title: "Send a case study", kind: "email", priority: "medium", due_in_days: 4, rationale: "Hooli asked how peers use the product." }],
        },
      },
    },
    { kind: "ok", text: "I proposed one action: send a case study." },
  );
  const page = await logIn("sam");
  const panel = await openHooli(page);
  await page.evaluate(() => (window.notReloaded = true));
  assert.equal(await action(panel, "Send a case study").count(), 0);

  await ask(page, "What should I do next?");

  await page.getByRole("group", { name: "Proposed actions" }).getByText("Send a case study").waitFor();
  const proposed = action(panel, "Send a case study");
  await proposed.waitFor();
  assert.match(await proposed.innerText(), /Email · Medium priority · Proposed\s+Due in 4 days \(.+\)\s+Hooli asked how peers use the product\./);
  assert.equal(await page.evaluate(() => window.notReloaded), true, "the same page, not reloaded");
  assert.deepEqual(
    await panel.locator(".action-title").allTextContents(),
    ["Call the sponsor", "Send a case study", "Send the renewal terms"],
    "in due-date order among the others",
  );
  await check(page, "actions-from-chat");
});

test("done logs the activity on the account and the page's health refreshes", async () => {
  const page = await logIn("sam");
  const panel = await openHooli(page);
  const before = await apiGet(page, "/api/accounts/ACC-31/");
  assert.deepEqual(before.recent_activities, []);
  await page.locator(".signals").getByText("No activity has been recorded yet.").waitFor();
  const item = action(panel, "Call the sponsor");

  await item.getByRole("button", { name: "Done" }).click();
  const form = item.getByRole("form", { name: "Mark “Call the sponsor” done" });
  await form.getByText("It is logged on the account as a call.").waitFor();
  await check(page, "actions-done");
  await form.getByLabel("What was done (optional)").fill("Agreed on a renewal call next week");
  await form.getByRole("button", { name: "Mark done" }).click();

  await page.getByRole("status").filter({ hasText: "Done: Call the sponsor, logged as a call on Hooli." }).waitFor();
  assert.equal(await action(panel, "Call the sponsor").count(), 0);
  const after = await apiGet(page, "/api/accounts/ACC-31/");
  assert.deepEqual(
    after.recent_activities.map((activity) => [activity.kind, activity.subject]),
    [["call", "Call the sponsor — Agreed on a renewal call next week"]],
  );
  assert.ok(after.health.score > before.health.score, "the call cleared the inactivity signal");
  // The page shows the refreshed health and the logged call without a reload.
  await page.locator(".facts .band").getByText(new RegExp(`^${after.health.score} · `)).waitFor();
  await page.locator(".activities").getByText(/now · Call: Call the sponsor — Agreed on a renewal call next week/).waitFor();
  await page.waitForFunction(() => !document.querySelector(".signals")?.textContent?.includes("No activity has been recorded yet."));
  const done = (await apiGet(page, "/api/recommendations/?account=ACC-31&status=done")).results;
  assert.deepEqual(done.map((one) => [one.title, one.done_note]), [["Call the sponsor", "Agreed on a renewal call next week"]]);

  // Done again, on a list that is out of date: the refusal in a sentence, and the list catches up.
  const hooliOpen = (url) => url.pathname === "/api/recommendations/" && url.searchParams.get("account") === "ACC-31";
  await page.route(hooliOpen, (route) => {
    const proposed = new URL(route.request().url()).searchParams.get("status") === "proposed";
    route.fulfill({ json: { count: 1, next: null, results: proposed ? [{ ...done[0], status: "proposed" }] : [] } });
  });
  await page.reload();
  const stale = action(page.getByRole("list", { name: "Open actions" }), "Call the sponsor");
  await stale.getByRole("button", { name: "Accept" }).click();
  await stale
    .getByRole("alert")
    .getByText("This action is already done, so it cannot be accepted. The list now shows where it stands.")
    .waitFor();
});
