"""What every server tool is: a name, a description, its arguments declared once (a pydantic model
that both validates what the model sent and gives the JSON Schema the model is shown), and a
function of the caller's context and those arguments that answers JSON-ready data."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict


class Arguments(BaseModel):
    """A tool's arguments: unknown ones are refused by name, like any other bad argument."""

    model_config = ConfigDict(extra="forbid")


class ToolRefusal(Exception):
    """A tool's answer to arguments it cannot serve (an account not found): ``is_error`` for the
    model, naming the argument."""

    def __init__(self, argument: str, message: str):
        super().__init__(f"{argument}: {message}")
        self.argument = argument
        self.message = message


@dataclass(frozen=True)
class ToolContext:
    """Who and what a tool call is about: never an argument the model could choose."""

    user: Any  # the caller (None for a bulk run recorded for nobody)
    account: Any = None  # the conversation's account (accounts.Account), if it is about one
    request: Any = None  # the provider call (copilot.AnalysisRequest) whose answer asked for the tool


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[Arguments]
    function: Callable[[ToolContext, Any], Any]  # (context, validated arguments) → JSON-ready data
    # Offered only to a call about one account (the account comes from the conversation); the
    # others read the caller's book and are offered to every call with a caller.
    about_account: bool = False

    def offered(self, context: ToolContext) -> bool:
        return context.account is not None if self.about_account else context.user is not None

    def definition(self) -> dict:
        """The tool as the Messages API takes it (a copy: the caller may change it)."""
        return copy.deepcopy(self._definition)

    @cached_property
    def _definition(self) -> dict:
        # Made once per process: pydantic builds a JSON Schema slowly, and every call offers the tools.
        schema = _inlined(self.arguments.model_json_schema())
        schema.pop("title", None)
        return {"name": self.name, "description": self.description, "input_schema": schema}


def _inlined(schema: dict) -> dict:
    """The schema with each ``$ref`` to its ``$defs`` replaced by the definition itself: a nested
    model (an action of ``propose_actions``) is then plain to any Anthropic-compatible endpoint."""
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)
