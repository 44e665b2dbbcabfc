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

test("a failed action request reads as a plain sentence; the server's words are the operator's", () => {
  const failed = (status, message, body) => Object.assign(new Error(message), { status, body });
  const conflict = errors.requestFailure(
    failed(409, "A dismissed recommendation cannot become done.", { detail: "A dismissed recommendation cannot become done.", status: "dismissed", requested: "done" }),
  );
  assert.equal(conflict.sentence, "This action is already dismissed, so it cannot be marked done. The list now shows where it stands.");
  assert.equal(conflict.detail, "HTTP 409: A dismissed recommendation cannot become done.");
  const noReason = errors.requestFailure(failed(400, "reason: This field is required.", { reason: ["This field is required."] }));
  assert.equal(noReason.sentence, "Give a reason for dismissing it, in at most 300 characters.");
  assert.equal(errors.requestFailure(failed(404, "No recommendation 9.", { detail: "No recommendation 9." })).sentence, "This action is not one of yours, or it no longer exists.");
  assert.equal(errors.requestFailure(failed(403, "Authentication credentials were not provided.", {})).sentence, errors.MANAGER_SENTENCES.UNAUTHENTICATED);
  assert.match(errors.requestFailure(failed(500, "The server answered HTTP 500.", null)).sentence, /^Something went wrong on our side/);
  const offline = errors.requestFailure(new TypeError("Failed to fetch"));
  assert.equal(offline.sentence, "The server could not be reached. Check your connection, then try again.");
  assert.equal(offline.detail, "Failed to fetch");
});
