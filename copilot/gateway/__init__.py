"""The provider gateway: the one place that calls the model."""

from copilot.gateway.provider import (
    Completion,
    LLMConfig,
    LLMError,
    TextDelta,
    ToolCall,
    ToolCallArguments,
    ToolCallEnded,
    ToolCallStarted,
    aclose_clients,
    complete,
    request_params,
    run_sync,
    stream,
)

__all__ = [
    "Completion",
    "LLMConfig",
    "LLMError",
    "TextDelta",
    "ToolCall",
    "ToolCallArguments",
    "ToolCallEnded",
    "ToolCallStarted",
    "aclose_clients",
    "complete",
    "request_params",
    "run_sync",
    "stream",
]
