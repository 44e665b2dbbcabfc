// The managers' app in Debian's Chromium against the live stack (tests/support/agui_stack.py):
// what the first load of /app/ transfers and how long until it can be used, then the time from
// pressing send to the first word of the answer on screen, with the provider double thinking 0 ms
// and 200 ms before it answers.
//
//   node bench/app_load.mjs [--loads 5] [--asks 10]
//
// Needs the frontend's packages (cd frontend && npm ci) and /usr/bin/chromium (or $CHROMIUM).
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
import { startStack } from "../tests/js/stack.mjs";

const frontend = createRequire(new URL("../frontend/package.json", import.meta.url));
const { chromium } = frontend("playwright-core");

const { values: options } = parseArgs({
  options: { loads: { type: "string", default: "5" }, asks: { type: "string", default: "10" } },
});
const LOADS = Number(options.loads);
const ASKS = Number(options.asks);
const ANSWER = "Renewal risk is high: nobody has talked to them lately. Call the sponsor this week.";

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const ms = (value) => `${value.toFixed(0)} ms`;

async function loggedInContext(browser, stack) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stack.url}/app/`);
  await page.getByLabel("Username").fill("morgan");
  await page.getByLabel("Password").fill(stack.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/app\/$/);
  await page.close();
  return context;
}

/** One load of /app/ with an empty cache: bytes of every response, and when the accounts table is usable. */
async function coldLoad(browser, stack) {
  const context = await loggedInContext(browser, stack);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const bodies = [];
  let wire = 0;
  cdp.on("Network.loadingFinished", (event) => {
    wire += event.encodedDataLength;
  });
  const scripts = [];
  page.on("response", async (response) => {
    try {
      const body = await response.body();
      bodies.push(body);
      if (response.url().endsWith(".js")) scripts.push(body);
    } catch {
      // a redirect has no body
    }
  });
  const started = Date.now();
  await page.goto(`${stack.url}/app/`);
  await page.locator("table.accounts tbody tr td a").first().waitFor();
  const interactive = Date.now() - started;
  await page.waitForLoadState("networkidle");
  await context.close();
  const raw = bodies.reduce((sum, body) => sum + body.length, 0);
  const gzipped = bodies.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  const script = scripts.reduce((sum, body) => sum + gzipSync(body, { level: 9 }).length, 0);
  return { interactive, wire, raw, gzipped, script, scripts: scripts.length, requests: bodies.length };
}

/** Press send, then wait for the first word of the answer to be painted. */
async function sendToFirstToken(page, stack, latencyMs) {
  await stack.script({ kind: "ok", text: ANSWER, delay: latencyMs / 1000, token_delay: 0 });
  const box = page.getByTestId("copilot-chat-textarea");
  await box.fill("What are the main risks?");
  const before = await page.getByTestId("copilot-assistant-message").count();
  const elapsed = await page.evaluate(
    (count) =>
      new Promise((resolve) => {
        const textarea = document.querySelector('[data-testid="copilot-chat-textarea"]');
        const started = performance.now();
        const seen = () => {
          const replies = document.querySelectorAll('[data-testid="copilot-assistant-message"]');
          if (replies.length > count && replies[count].innerText.trim()) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - started)); // painted
          }
        };
        const observer = new MutationObserver(seen);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        textarea.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", code: "Enter", bubbles: true }));
      }),
    before,
  );
  await page.getByTestId("copilot-assistant-message").nth(before).filter({ hasText: "this week." }).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="copilot-chat-textarea"]')?.disabled);
  return elapsed;
}

const stack = await startStack();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const loads = [];
  for (let run = 0; run < LOADS; run++) loads.push(await coldLoad(browser, stack));

  const context = await loggedInContext(browser, stack);
  const page = await context.newPage();
  await page.goto(`${stack.url}/app/`);
  await page.getByRole("link", { name: "Globex" }).click();
  await page.getByTestId("copilot-chat-textarea").waitFor();
  await sendToFirstToken(page, stack, 0); // warm-up: the first run compiles the chat's code paths
  const firstToken = {};
  for (const latency of [0, 200]) {
    firstToken[latency] = [];
    for (let ask = 0; ask < ASKS; ask++) firstToken[latency].push(await sendToFirstToken(page, stack, latency));
  }
  await context.close();

  const last = loads.at(-1);
  console.log(`\nFirst load of /app/, logged in, empty cache (${LOADS} loads, median)`);
  console.log("| requests | sent by this server | the same, gzip-compressed | of which JavaScript (gzip, files) | time to interactive |");
  console.log("|---|---|---|---|---|");
  console.log(
    `| ${last.requests} | ${kib(median(loads.map((load) => load.wire)))} | ${kib(median(loads.map((load) => load.gzipped)))} | ${kib(median(loads.map((load) => load.script)))} (${last.scripts}) | ${ms(median(loads.map((load) => load.interactive)))} |`,
  );
  console.log("(the development server sends files as they are; `collectstatic` in production stores the gzip form beside each)");
  console.log(`\nPress send to the first word on screen (${ASKS} asks each, median / slowest)`);
  console.log("| double latency | send to first token | overhead beyond the double |");
  console.log("|---|---|---|");
  for (const latency of [0, 200]) {
    const values = firstToken[latency];
    console.log(`| ${latency} ms | ${ms(median(values))} / ${ms(Math.max(...values))} | ${ms(median(values) - latency)} |`);
  }
} finally {
  await browser.close();
  stack.stop();
}
