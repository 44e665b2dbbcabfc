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

/** No serious or critical accessibility violation; a screenshot for the CI artifacts. */
async function check(page, name) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact));
  await page.screenshot({ path: path.join(screenshots, `app-${name}.png`), fullPage: true });
  assert.deepEqual(
    bad.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target).join(", ")})`),
    [],
    `accessibility of ${name}`,
  );
}

async function openAccount(page, name) {
  await page.getByRole("link", { name }).click();
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
  await page.getByText(/1 call · \d+ tokens/).waitFor(); // the run has finished and been stored

  await page.reload();
  // The restored messages are replayed into the chat: wait for their words, not just their boxes.
  await page.getByTestId("copilot-assistant-message").filter({ hasText: /Call the sponsor this week\./ }).first().waitFor();
  await page.getByTestId("copilot-user-message").filter({ hasText: /What are the main risks\?/ }).first().waitFor();
  await page.getByText(/1 call · \d+ tokens · \$0\.\d{6}/).waitFor(); // what the conversation cost
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
  assert.ok(await page.getByText("No recorded activity").count(), "the inactivity signal before");

  await page.getByRole("button", { name: "Confirm" }).click();

  await page.getByText("Logged.").waitFor();
  assert.equal(await activityCount(page), 1);
  await page.locator(".activities").getByText("call: Call the sponsor").waitFor(); // the page's recent activities
  await page.waitForFunction(() => !document.body.innerText.includes("No recorded activity"));
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

test("a provider failure shows its message, not an answer", async () => {
  await stack.script(...Array(2).fill({ kind: "error", status: 500 })); // the stack retries once
  const page = await logIn();
  await openAccount(page, "Initech");

  await ask(page, "What are the main risks?");

  const alert = page.getByRole("alert");
  await alert.waitFor({ timeout: 30000 });
  assert.match(await alert.innerText(), /provider|unavailable/i);
  await check(page, "provider-failure");
});

test("the portfolio chat shows the server tool's accounts as links, then the answer", async () => {
  await stack.script(
    { kind: "tool_use", tool: { name: "search_accounts", input: { status: ["at_risk"] } } },
    { kind: "ok", text: "Globex is your one account at risk." },
  );
  const page = await logIn();
  await page.getByTestId("copilot-chat-textarea").waitFor();

  await ask(page, "Which of my accounts are at risk?");

  const found = page.getByRole("group", { name: "Account search" });
  await found.waitFor();
  assert.match(await found.innerText(), /1 account found/);
  await page.getByTestId("copilot-assistant-message").filter({ hasText: /one account at risk/ }).first().waitFor();
  await check(page, "portfolio-chat");
  await found.getByRole("link", { name: "Globex" }).click();
  await page.getByRole("heading", { name: "Globex", level: 1 }).waitFor();
});
