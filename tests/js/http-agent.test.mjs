// The official AG-UI client, @ag-ui/client's HttpAgent, against the Django runtime.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { HttpAgent } from "@ag-ui/client";
import { startStack } from "./stack.mjs";

let stack;
before(async () => {
  stack = await startStack();
});
after(() => stack?.stop());

function agent(token = stack.token, threadId = randomUUID()) {
  return new HttpAgent({
    url: `${stack.runtimeUrl}/agent/orchestrator/run`,
    headers: { Authorization: `Bearer ${token}` },
    threadId,
  });
}

function recorder() {
  const events = [];
  return { events, subscriber: { onEvent: ({ event }) => events.push(event) } };
}

test("a run streams its events in order and the text the model wrote", async () => {
  await stack.script({ kind: "ok", text: "Renewal risk is high; call the sponsor this week." });
  const copilot = agent();
  copilot.addMessage({ id: randomUUID(), role: "user", content: "What are the main risks?" });
  const { events, subscriber } = recorder();

  await copilot.runAgent({ forwardedProps: { account_id: "ACC-77" } }, subscriber);

  const types = events.map((event) => event.type);
  assert.deepEqual(types.slice(0, 4), ["RUN_STARTED", "STATE_SNAPSHOT", "STEP_STARTED", "TEXT_MESSAGE_START"]);
  assert.deepEqual(types.slice(-3), ["TEXT_MESSAGE_END", "STEP_FINISHED", "RUN_FINISHED"]);
  assert.ok(types.filter((type) => type === "TEXT_MESSAGE_CONTENT").length > 1, "the text arrives in pieces");
  const reply = copilot.messages.at(-1);
  assert.equal(reply.role, "assistant");
  assert.equal(reply.content, "Renewal risk is high; call the sponsor this week.");
  assert.deepEqual(copilot.state.account, { id: "ACC-77", name: "Globex", status: "at_risk", owner: "morgan" });
  assert.ok(copilot.state.health.signals.some((signal) => signal.code === "at_risk_status"));
});

test("a frontend tool call comes back as a tool call, and its result continues the conversation", async () => {
  const tool = {
    name: "logFollowUp",
    description: "Log a follow-up activity on the account",
    parameters: { type: "object", properties: { subject: { type: "string" } }, required: ["subject"] },
  };
  await stack.script({ kind: "tool_use", tool: { name: "logFollowUp", input: { subject: "Call the sponsor" } } });
  const copilot = agent();
  copilot.addMessage({ id: randomUUID(), role: "user", content: "Log a follow-up for Friday" });

  await copilot.runAgent({ tools: [tool] });

  const call = copilot.messages.at(-1);
  assert.equal(call.role, "assistant");
  assert.equal(call.toolCalls.length, 1);
  assert.equal(call.toolCalls[0].function.name, "logFollowUp");
  assert.deepEqual(JSON.parse(call.toolCalls[0].function.arguments), { subject: "Call the sponsor" });

  copilot.addMessage({ id: randomUUID(), role: "tool", toolCallId: call.toolCalls[0].id, content: "logged as #41" });
  await copilot.runAgent({ tools: [tool] });

  const answer = copilot.messages.at(-1);
  assert.equal(answer.role, "assistant");
  assert.match(answer.content, /logged as #41/);
});

test("a server tool's call and its JSON result arrive as steps and messages, then the answer from it", async () => {
  await stack.script(
    { kind: "tool_use", tool: { name: "search_accounts", input: { query: "Globex" } } },
    { kind: "from_results" },
  );
  const copilot = agent();
  copilot.addMessage({ id: randomUUID(), role: "user", content: "Find Globex" });
  const { events, subscriber } = recorder();

  await copilot.runAgent({}, subscriber);

  const types = events.map((event) => event.type);
  assert.equal(types.filter((type) => type === "STEP_STARTED").length, 2);
  const result = events.find((event) => event.type === "TOOL_CALL_RESULT");
  assert.deepEqual(
    JSON.parse(result.content).accounts.map((account) => account.id),
    ["ACC-77"],
  );
  assert.deepEqual(
    copilot.messages.map((message) => message.role),
    ["user", "assistant", "tool", "assistant"],
  );
  assert.equal(copilot.messages[1].toolCalls[0].function.name, "search_accounts");
  assert.equal(copilot.messages[2].toolCallId, copilot.messages[1].toolCalls[0].id);
  assert.equal(copilot.messages[3].content, `Answer from tools:\n${result.content}`);
});

test("a frontend tool named like a server tool is refused, naming it", async () => {
  const copilot = agent();
  copilot.addMessage({ id: randomUUID(), role: "user", content: "Hello" });
  const tool = { name: "get_account", description: "mine", parameters: { type: "object", properties: {} } };

  await assert.rejects(
    copilot.runAgent({ tools: [tool] }, { onRunFailed: () => ({ stopPropagation: false }) }),
    (error) => /400/.test(error.message) && /tools\[0\]\.name: 'get_account' is the name of a server tool/.test(error.message),
  );
});

test("a bad token fails the run cleanly with the server's reason", async () => {
  const copilot = agent("not-a-token");
  copilot.addMessage({ id: randomUUID(), role: "user", content: "Hello" });

  await assert.rejects(copilot.runAgent({}, { onRunFailed: () => ({ stopPropagation: false }) }), /401/);
  assert.equal(copilot.messages.length, 1);
});

test("a provider failure ends the run with RUN_ERROR and its code", async () => {
  await stack.script({ kind: "error", status: 401, error_type: "authentication_error" });
  const copilot = agent();
  copilot.addMessage({ id: randomUUID(), role: "user", content: "Hello" });
  const { events, subscriber } = recorder();

  await copilot.runAgent({}, { ...subscriber, onRunFailed: () => ({ stopPropagation: true }) }).catch(() => {});

  const last = events.at(-1);
  assert.equal(last.type, "RUN_ERROR");
  assert.equal(last.code, "PROVIDER_AUTH_FAILED");
});

test("a run over the front door's limits is refused before it starts, with the field and the limit", async () => {
  const copilot = agent();
  copilot.addMessage({ id: randomUUID(), role: "user", content: "Hello" });
  const context = Array.from({ length: 21 }, (_, index) => ({ description: `entry ${index}`, value: "v" }));
  const { events, subscriber } = recorder();

  await assert.rejects(
    copilot.runAgent({ context }, { ...subscriber, onRunFailed: () => ({ stopPropagation: false }) }),
    (error) => /400/.test(error.message) && /context: Too many entries: 21; the limit is 20/.test(error.message),
  );
  assert.equal(events.filter((event) => event.type === "RUN_STARTED").length, 0, "no stream was started");
  assert.equal(copilot.messages.length, 1);
});
