"""A local stand-in for an Anthropic-compatible Messages API, for tests and benchmarks only.

It is a real HTTP/1.1 server on 127.0.0.1 (keep-alive, chunked SSE), so the official SDK
talks to it exactly as it would to Z.ai: JSON and streamed answers with usage, errors with
retry-after, injected latency and scripted faults. Product code never imports this module.

    double = ProviderDouble().start()
    double.enqueue(Reply.error(429, retry_after=1), Reply.ok("Fine."))   # next two requests
    double.latency = 0.1                                               # every request
    double.enqueue(*Reply.plan(("search_accounts", {"limit": 3}), ("get_account", {"account_id": "A-1"})))

A plan is the agent's round trips: each request gets the next tool call, and the last request an
answer made of what the tool results it was sent held (``Reply.from_results``), so a test can
compare the answer with a truth computed from the rows.

A test in another process scripts replies with ``POST /_script`` and a JSON list of Reply fields.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_USAGE = {
    "input_tokens": 120,
    "output_tokens": 30,
    "cache_read_input_tokens": 0,
    "cache_creation_input_tokens": 0,
}


@dataclass
class Reply:
    """What the double does with one request."""

    # ok | tool_use | from_results | error | empty | garbage | cut_stream | no_stop | stream_error | hang
    kind: str = "ok"
    text: str | None = None
    tool: dict | list[dict] | None = None  # tool_use: {"name": ..., "input": {...}}, or several in one answer
    usage: dict = field(default_factory=lambda: dict(DEFAULT_USAGE))
    model: str | None = None
    status: int = 200
    error_type: str = "api_error"
    retry_after: float | None = None
    delay: float = 0.0
    token_delay: float | None = None  # the pause before each word; None: the double's own

    @classmethod
    def ok(cls, text: str | None = None, **usage) -> Reply:
        return cls(kind="ok", text=text, usage={**DEFAULT_USAGE, **usage})

    @classmethod
    def tool_use(cls, name: str, arguments: dict, text: str | None = None, **usage) -> Reply:
        """The model calls tool ``name`` (after ``text``, when given), as a tool_use block."""
        return cls(
            kind="tool_use", text=text, tool={"name": name, "input": arguments}, usage={**DEFAULT_USAGE, **usage}
        )

    @classmethod
    def tool_uses(cls, *calls: tuple[str, dict], text: str | None = None, **usage) -> Reply:
        """The model calls several tools in one answer, each a tool_use block."""
        tools = [{"name": name, "input": arguments} for name, arguments in calls]
        return cls(kind="tool_use", text=text, tool=tools, usage={**DEFAULT_USAGE, **usage})

    @classmethod
    def from_results(cls, **usage) -> Reply:
        """The model's answer made of what the tool results it was sent held: ``Answer from
        tools:`` then each tool_result's content of the conversation, one a line, in order."""
        return cls(kind="from_results", usage={**DEFAULT_USAGE, **usage})

    @classmethod
    def plan(cls, *calls: tuple[str, dict], **usage) -> list[Reply]:
        """An agent's round trips: one tool call per request, then the answer from the results."""
        return [cls.tool_use(name, arguments, **usage) for name, arguments in calls] + [cls.from_results(**usage)]

    @classmethod
    def error(cls, status: int, error_type: str | None = None, retry_after: float | None = None) -> Reply:
        default_type = {
            400: "invalid_request_error",
            401: "authentication_error",
            403: "permission_error",
            404: "not_found_error",
            429: "rate_limit_error",
            529: "overloaded_error",
        }
        return cls(
            kind="error",
            status=status,
            error_type=error_type or default_type.get(status, "api_error"),
            retry_after=retry_after,
        )

    @classmethod
    def fault(cls, kind: str, delay: float = 0.0) -> Reply:
        return cls(kind=kind, delay=delay)


def _tool_results(content) -> list[str]:
    """The text of each tool_result block of a message's content."""
    if not isinstance(content, list):
        return []
    results = []
    for block in content:
        if block.get("type") == "tool_result":
            value = block.get("content")
            if isinstance(value, list):
                value = "".join(part.get("text", "") for part in value)
            results.append(str(value))
    return results


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        # A client that timed out or hung up is expected here, not an error of the double.
        pass


class ProviderDouble:
    def __init__(self, *, api_key: str | None = None):
        self.api_key = api_key  # when set, any other key gets a 401 like a real provider
        self.latency = 0.0
        self.token_delay = 0.0
        self.default = Reply.ok()
        self.script: deque[Reply] = deque()
        self.requests: list[dict] = []
        self.in_flight = 0
        # Requests it is thinking about (latency), before any byte of the answer leaves: a client
        # that bounds its calls in flight can never see more than this at once.
        self.peak_in_flight = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- control -------------------------------------------------------------------------
    def start(self) -> ProviderDouble:
        double = self

        class Handler(_Handler):
            provider = double

        server = _Server(("127.0.0.1", 0), Handler)
        self._server = server
        threading.Thread(target=server.serve_forever, name="provider-double", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self.script.clear()
            self.requests.clear()
            self.peak_in_flight = 0
        self.latency = 0.0
        self.token_delay = 0.0
        self.default = Reply.ok()

    def next_reply(self, request: dict) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            return self.script.popleft() if self.script else self.default

    def answered(self) -> None:
        """Done thinking about one request."""
        with self._lock:
            self.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    provider: ProviderDouble

    def setup(self):
        super().setup()
        # Small SSE writes must leave at once: Nagle plus delayed ACK would add ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path == "/_script":  # a test in another process scripts the next replies
            for reply in json.loads(raw):
                self.provider.enqueue(Reply(**reply))
            return self._send(204, b"", "application/json")
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {}
        request = {"path": self.path, "headers": dict(self.headers), "body": body, "at": time.monotonic()}
        reply = self.provider.next_reply(request)
        try:
            time.sleep(self.provider.latency + reply.delay)
        finally:
            self.provider.answered()

        if not self.path.rstrip("/").endswith("/v1/messages"):
            return self._error(404, "not_found_error", f"no route {self.path}")
        if self.provider.api_key and self.provider.api_key not in (
            self.headers.get("x-api-key"),
            (self.headers.get("Authorization") or "").removeprefix("Bearer "),
        ):
            return self._error(401, "authentication_error", "invalid API key")
        if reply.kind == "hang":
            time.sleep(3600)
            return None
        if reply.kind == "error":
            return self._error(reply.status, reply.error_type, "scripted failure", reply.retry_after)
        if reply.kind == "garbage":
            return self._send(200, b"<html>not json</html>", "application/json")

        message = self._message(body, reply)
        if body.get("stream"):
            return self._stream(message, reply)
        if reply.kind == "empty":
            message["content"] = []
        return self._send(200, json.dumps(message).encode(), "application/json")

    # --- responses ---------------------------------------------------------------------
    def _message(self, body: dict, reply: Reply) -> dict:
        messages = body.get("messages") or [{}]
        last = messages[-1].get("content", "")
        if isinstance(last, list):  # content blocks: answer a tool result with what it said
            results = [block for block in last if block.get("type") == "tool_result"]
            last = (
                f"tool result {results[-1].get('content')}"
                if results
                else " ".join(block.get("text", "") for block in last)
            )
        if reply.text is not None:
            text = reply.text
        elif reply.kind == "from_results":
            held = [result for message in messages for result in _tool_results(message.get("content"))]
            text = "\n".join(["Answer from tools:", *held])
        else:
            text = None if reply.kind == "tool_use" else f"Double reply to: {str(last)[:60]}"
        content = [{"type": "text", "text": text}] if text is not None else []
        if reply.kind == "tool_use":
            tools = reply.tool if isinstance(reply.tool, list) else [reply.tool]
            content += [{"type": "tool_use", "id": f"toolu_{uuid.uuid4().hex[:20]}", **tool} for tool in tools]
        return {
            "id": f"msg_{uuid.uuid4().hex[:24]}",
            "type": "message",
            "role": "assistant",
            "model": reply.model or body.get("model", "glm-4.6"),
            "content": content,
            "stop_reason": "tool_use" if reply.kind == "tool_use" else "end_turn",
            "stop_sequence": None,
            "usage": dict(reply.usage),
        }

    def _headers(self, status: int, content_type: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("request-id", f"req_{uuid.uuid4().hex[:20]}")
        for name, value in (extra or {}).items():
            self.send_header(name, value)

    def _send(self, status: int, payload: bytes, content_type: str, extra: dict | None = None) -> None:
        self._headers(status, content_type, extra)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _error(self, status: int, error_type: str, message: str, retry_after: float | None = None) -> None:
        extra = {"retry-after": str(retry_after)} if retry_after is not None else {}
        payload = {"type": "error", "error": {"type": error_type, "message": message}}
        self._send(status, json.dumps(payload).encode(), "application/json", extra)

    def _chunk(self, event: str, data: dict) -> None:
        frame = f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()
        self.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
        self.wfile.flush()

    def _stream(self, message: dict, reply: Reply) -> None:
        self._headers(200, "text/event-stream", {"Transfer-Encoding": "chunked", "Cache-Control": "no-cache"})
        self.end_headers()
        usage = message["usage"]
        start = {**message, "content": [], "stop_reason": None, "usage": {**usage, "output_tokens": 1}}
        self._chunk("message_start", {"type": "message_start", "message": start})
        blocks = message["content"] or [{"type": "text", "text": ""}]
        if reply.kind == "empty":
            blocks = [{"type": "text", "text": ""}]
        for index, block in enumerate(blocks):
            if block["type"] == "tool_use":
                self._stream_tool_use(index, block)
            elif not self._stream_text(index, block["text"], reply):
                return  # cut off
        self._chunk(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                "usage": usage,
            },
        )
        if reply.kind != "no_stop":
            self._chunk("message_stop", {"type": "message_stop"})
        self._end_chunks()

    def _stream_text(self, index: int, text: str, reply: Reply) -> bool:
        """A text block, a word per delta; False when a scripted fault ended the stream."""
        self._chunk(
            "content_block_start",
            {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
        )
        words = text.split(" ")
        for position, word in enumerate(words):
            piece = word if position == 0 else " " + word
            if piece:
                pause = reply.token_delay if reply.token_delay is not None else self.provider.token_delay
                if pause:
                    time.sleep(pause)
                self._chunk(
                    "content_block_delta",
                    {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": piece}},
                )
            if reply.kind == "cut_stream" and position == len(words) // 2:
                # Drop the connection mid-body: no terminating chunk, no message_stop.
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return False
            if reply.kind == "stream_error" and position == len(words) // 2:
                self._chunk("error", {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
                self._end_chunks()
                return False
        self._chunk("content_block_stop", {"type": "content_block_stop", "index": index})
        return True

    def _stream_tool_use(self, index: int, block: dict) -> None:
        """A tool_use block, its input streamed as input_json_delta in three pieces."""
        start = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
        self._chunk("content_block_start", {"type": "content_block_start", "index": index, "content_block": start})
        arguments = json.dumps(block["input"])
        third = max(1, len(arguments) // 3)
        for offset in range(0, len(arguments), third):
            delta = {"type": "input_json_delta", "partial_json": arguments[offset : offset + third]}
            self._chunk("content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta})
        self._chunk("content_block_stop", {"type": "content_block_stop", "index": index})

    def _end_chunks(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


def main() -> None:  # pragma: no cover - run standalone: python -m tests.support.provider_double
    import argparse

    parser = argparse.ArgumentParser(description="Serve the provider double until interrupted.")
    parser.add_argument("--api-key", default=None, help="accept only this key (default: any)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--token-delay", type=float, default=0.0, help="seconds before each streamed word")
    args = parser.parse_args()
    double = ProviderDouble(api_key=args.api_key).start()
    double.latency = args.latency
    double.token_delay = args.token_delay
    print(double.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        double.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
