"""The registry of server tools, each in its own module: read-only looks at the caller's book, and
``propose_actions``, which stores next-best actions on the conversation's account."""

from __future__ import annotations

import json
from dataclasses import dataclass

import structlog
from pydantic import ValidationError

from copilot.agent.tools import get_account, portfolio_summary, propose_actions, search_accounts
from copilot.agent.tools.base import Tool, ToolContext, ToolRefusal

logger = structlog.get_logger(__name__)

TOOLS: dict[str, Tool] = {
    tool.name: tool for tool in (search_accounts.TOOL, get_account.TOOL, portfolio_summary.TOOL, propose_actions.TOOL)
}


@dataclass(frozen=True)
class ToolOutcome:
    """What goes back to the model in a tool_result block: JSON text, and whether it is an error."""

    content: str
    is_error: bool = False


def is_server_tool(name: str) -> bool:
    return name in TOOLS


def definitions(*, user=None, account=None) -> list[dict]:
    """The server tools offered to a call by ``user`` about ``account`` (either may be None), as
    the Messages API takes them."""
    context = ToolContext(user=user, account=account)
    return [tool.definition() for tool in TOOLS.values() if tool.offered(context)]


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


def tool_run(user, name: str, arguments: str, *, account=None, request=None) -> ToolOutcome:
    """Run server tool ``name`` for ``user`` with the model's arguments (JSON text), in a call about
    ``account`` made by ``request`` (its AnalysisRequest). A bad argument or an account the caller
    cannot see is an ``is_error`` outcome naming the argument."""
    tool = TOOLS[name]
    context = ToolContext(user=user, account=account, request=request)
    if not tool.offered(context):
        needed = "a conversation about one account" if tool.about_account else "a signed-in caller"
        return _error(f"{name}: Not available here; it needs {needed}.")
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
        answer = tool.function(context, parsed)
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
