"""Provider faults the double can script, and what each must become: the API and the async
service path are checked against the same table."""

from tests.support.provider_double import Reply

FAULTS = [
    # id, replies, settings, code, status, retries recorded
    ("auth-401", [Reply.error(401)], {}, "PROVIDER_AUTH_FAILED", 502, 0),
    ("auth-403", [Reply.error(403)], {}, "PROVIDER_AUTH_FAILED", 502, 0),
    ("rate-429", [Reply.error(429, retry_after=1)] * 2, {"GLM_MAX_RETRIES": 1}, "PROVIDER_RATE_LIMITED", 503, 1),
    ("server-500", [Reply.error(500)] * 3, {}, "PROVIDER_UNAVAILABLE", 502, 2),
    ("overloaded-529", [Reply.error(529)] * 3, {}, "PROVIDER_UNAVAILABLE", 502, 2),
    (
        "timeout",
        [Reply.fault("ok", delay=1.5)],
        {"GLM_TIMEOUT_SECONDS": 0.3, "GLM_MAX_RETRIES": 0},
        "PROVIDER_TIMEOUT",
        504,
        0,
    ),
    ("empty-content", [Reply.fault("empty")], {}, "PROVIDER_BAD_RESPONSE", 502, 0),
    ("empty-content-json", [Reply.fault("empty")], {"ENABLE_GLM_STREAMING": False}, "PROVIDER_BAD_RESPONSE", 502, 0),
    ("cut-stream", [Reply.fault("cut_stream")], {}, "PROVIDER_BAD_RESPONSE", 502, 0),
    ("stream-without-stop", [Reply.fault("no_stop")], {}, "PROVIDER_BAD_RESPONSE", 502, 0),
    ("unparsable-body", [Reply.fault("garbage")], {"ENABLE_GLM_STREAMING": False}, "PROVIDER_BAD_RESPONSE", 502, 0),
    ("overloaded-mid-stream", [Reply.fault("stream_error")], {}, "PROVIDER_UNAVAILABLE", 502, 0),
    ("unknown-model", [Reply.error(404)], {}, "PROVIDER_REJECTED", 502, 0),
]

# Faults of a streamed answer only; a JSON answer is asked for in one piece, so never meets them.
STREAM_ONLY = {"cut-stream", "stream-without-stop", "overloaded-mid-stream"}
