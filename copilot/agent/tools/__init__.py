"""The registry of server tools: read-only looks at the caller's book, each in its own module."""

from __future__ import annotations

import json
from dataclasses import dataclass

import structlog
from pydantic import ValidationError

from copilot.agent.tools import get_account, portfolio_summary, search_accounts
from copilot.agent.tools.base import Tool, ToolRefusal

logger = structlog.get_logger(__name__)

TOOLS: dict[str, Tool] = {tool.name: tool for tool in (search_accounts.TOOL, get_account.TOOL, portfolio_summary.TOOL)}


@dataclass(frozen=True)
class ToolOutcome:
    """What goes back to the model in a tool_result block: JSON text, and whether it is an error."""

    content: str
    is_error: bool = False


def is_server_tool(name: str) -> bool:
    return name in TOOLS


def definitions() -> list[dict]:
    """Every server tool as the Messages API takes it."""
    return [tool.definition() for tool in TOOLS.values()]


def _error(message: str) -> ToolOutcome:
    return ToolOutcome(json.dumps({"error": message}, ensure_ascii=False), is_error=True)


def _validation_message(error: ValidationError) -> str:
    """Each problem, naming its argument (``limit: ...``)."""
    problems = []
    for problem in error.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in problem["loc"]) or "arguments"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "Not an argument of this tool."
        problems.append(f"{where}: {message}")
    return "; ".join(problems)


def tool_run(user, name: str, arguments: str) -> ToolOutcome:
    """Run server tool ``name`` for ``user`` with the model's arguments (JSON text). A bad argument
    or an account the caller cannot see is an ``is_error`` outcome naming the argument."""
    tool = TOOLS[name]
    try:
        raw = json.loads(arguments or "{}")
    except json.JSONDecodeError:
        return _error("arguments: Not valid JSON.")
    if not isinstance(raw, dict):
        return _error("arguments: Must be a JSON object.")
    try:
        parsed = tool.arguments.model_validate(raw)
    except ValidationError as error:
        return _error(_validation_message(error))
    try:
        answer = tool.function(user, parsed)
    except ToolRefusal as refusal:
        return _error(str(refusal))
    except Exception:  # a defect of the tool: the model is told, the turn goes on, the error is logged
        logger.exception("server_tool_failed", tool=name)
        return _error("The tool failed unexpectedly; the error has been logged.")
    return ToolOutcome(json.dumps(answer, ensure_ascii=False, separators=(",", ":")))


def not_run(why: str) -> ToolOutcome:
    """The answer to a call the server did not run (``why``)."""
    return _error(f"Not run: {why}.")


def arguments_of(raw: str) -> dict:
    """A call's arguments as the object the model sent (``{}`` when it sent no JSON object): what
    its tool_use block repeats back to the model."""
    try:
        arguments = json.loads(raw or "{}")
    except json.JSONDecodeError:
        return {}
    return arguments if isinstance(arguments, dict) else {}
