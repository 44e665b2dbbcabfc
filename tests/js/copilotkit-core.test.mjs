// CopilotKit's own core, @copilotkit/core's CopilotKitCore, pointed at the runtime URL.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { CopilotKitCore } from "@copilotkit/core";
import { startStack } from "./stack.mjs";

// CopilotKitCore connects to its runtime only in a browser; Node's fetch and globals do the rest.
globalThis.window ??= globalThis;

let stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

async function connectedCore() {
  const core = new CopilotKitCore({ runtimeUrl: stack.runtimeUrl, headers: { Authorization: `Bearer ${stack.token}` } });
  const deadline = Date.now() + 10_000;
  while (!core.getAgent("orchestrator")) {
    assert.ok(Date.now() < deadline, `no agent discovered (status ${core.runtimeConnectionStatus})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return core;
}

test("the agent is discovered from /info and a user message gets the assistant's reply", async () => {
  const core = await connectedCore();
  const agent = core.getAgent("orchestrator");
  assert.equal(core.runtimeConnectionStatus, "connected");
  await stack.script({ kind: "ok", text: "Globex is at risk: its contract ends soon." });

  agent.addMessage({ id: randomUUID(), role: "user", content: "How is Globex doing?" });
  await core.runAgent({ agent, forwardedProps: { account_id: "ACC-77" } });

  const reply = agent.messages.at(-1);
  assert.equal(reply.role, "assistant");
  assert.equal(reply.content, "Globex is at risk: its contract ends soon.");
});

test("connect restores a thread's conversation", async () => {
  const first = await connectedCore();
  const agent = first.getAgent("orchestrator");
  const threadId = randomUUID();
  agent.threadId = threadId;
  agent.addMessage({ id: randomUUID(), role: "user", content: "Remember this thread" });
  await first.runAgent({ agent });

  const second = await connectedCore();
  const restored = second.getAgent("orchestrator");
  restored.threadId = threadId;
  restored.setMessages([]);
  await second.connectAgent({ agent: restored });

  assert.deepEqual(
    restored.messages.map((message) => message.role),
    ["user", "assistant"],
  );
  assert.equal(restored.messages[0].content, "Remember this thread");
});

test("a refused run reaches CopilotKit's error subscribers with the server's reason", async () => {
  const core = await connectedCore();
  const agent = core.getAgent("orchestrator");
  const errors = [];
  core.subscribe({ onError: ({ error, code }) => errors.push({ code, message: error.message }) });

  agent.addMessage({ id: randomUUID(), role: "user", content: "x".repeat(5001) });
  await core.runAgent({ agent });

  const failed = errors.filter((error) => error.code === "agent_run_failed");
  assert.ok(failed.length >= 1, `errors seen: ${JSON.stringify(errors)}`);
  for (const error of failed) {
    assert.match(error.message, /HTTP 400/);
    assert.match(error.message, /messages\[0\]\.content: Too long: 5001 characters; the limit is 5000/);
  }
  assert.equal(agent.messages.length, 1, "no reply was invented");
});

test("a server tool's result and the answer from it reach CopilotKit's agent as messages", async () => {
  const core = await connectedCore();
  const agent = core.getAgent("orchestrator");
  await stack.script(
    { kind: "tool_use", tool: { name: "portfolio_summary", input: {} } },
    { kind: "from_results" },
  );

  agent.addMessage({ id: randomUUID(), role: "user", content: "How is my book doing?" });
  await core.runAgent({ agent });

  assert.deepEqual(
    agent.messages.map((message) => message.role),
    ["user", "assistant", "tool", "assistant"],
  );
  const summary = JSON.parse(agent.messages[2].content);
  assert.equal(summary.accounts, 2, "morgan's two accounts, not riley's");
  assert.equal(agent.messages[3].content, `Answer from tools:\n${agent.messages[2].content}`);
});
