// What a manager and an operator are told for each error code the server can send (src/errors.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { importSource } from "./ts.mjs";

const errors = await importSource("errors.ts");
// Every code the server defines (copilot/errors.py), so a new one cannot reach a manager raw.
const CODES = [...readFileSync(new URL("../../copilot/errors.py", import.meta.url), "utf8").matchAll(/^ {4}([A-Z_]+) = \(?\s*"\1"/gm)].map(
  (match) => match[1],
);

test("the server's codes are all known here", () => {
  assert.ok(CODES.length >= 17, `read ${CODES.length} codes`);
  assert.deepEqual(CODES.filter((code) => !errors.MANAGER_SENTENCES[code]), []);
});

for (const code of CODES) {
  test(`${code}: a manager reads a plain sentence with the reference; an operator the code and detail`, () => {
    const failure = { code, requestId: "42", detail: "LLM not configured: check ANTHROPIC_API_KEY" };
    const message = errors.managerMessage(failure);
    assert.match(message, /^[A-Z][^_]*[.!]( \(Reference: request 42\.\))$/, message);
    assert.ok(!message.includes(code), message);
    assert.doesNotMatch(message, /ANTHROPIC|API_KEY|LLM|HTTP|provider|configured/i);
    assert.equal(errors.operatorDetail(failure), `${code}: LLM not configured: check ANTHROPIC_API_KEY`);
  });
}

test("LLM_NOT_CONFIGURED reads as the assistant being unavailable, the administrator told", () => {
  assert.equal(
    errors.managerMessage({ code: "LLM_NOT_CONFIGURED", requestId: "7", detail: "" }),
    "The assistant is not available right now — your administrator has been told. (Reference: request 7.)",
  );
});

test("a RUN_ERROR event gives its code and the request id in rawEvent", () => {
  const failure = errors.failureOf({
    error: new Error("The provider is unavailable (HTTP 500)."),
    context: { runtimeErrorCode: "PROVIDER_UNAVAILABLE", event: { rawEvent: { requestId: "6" } } },
  });
  assert.deepEqual(failure, { code: "PROVIDER_UNAVAILABLE", requestId: "6", detail: "The provider is unavailable (HTTP 500)." });
});

test("an HTTP answer gives the contract body's code and request id, or a code from its status", () => {
  const body = { message: "LLM not configured: check ANTHROPIC_API_KEY", data: null, errors: [{ message: "LLM not configured", extensions: { code: "LLM_NOT_CONFIGURED", requestId: "9" } }] };
  assert.deepEqual(errors.failureOf({ error: new Error(`HTTP 503: ${JSON.stringify(body)}`) }), {
    code: "LLM_NOT_CONFIGURED",
    requestId: "9",
    detail: "LLM not configured: check ANTHROPIC_API_KEY",
  });
  assert.equal(errors.failureOf({ error: new Error("HTTP 429: Too Many Requests") }).code, "RATE_LIMITED");
  assert.equal(errors.failureOf({ error: new Error("HTTP 502: <html>Bad gateway</html>") }).code, "PROVIDER_UNAVAILABLE");
  const offline = errors.failureOf({ error: new TypeError("Failed to fetch") });
  assert.equal(errors.managerMessage(offline), "The assistant could not answer. Try again.");
});
