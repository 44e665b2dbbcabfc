"""What every server tool is: a name, a description, its arguments declared once (a pydantic model
that both validates what the model sent and gives the JSON Schema the model is shown), and a
function of the caller and those arguments that answers JSON-ready data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
class Tool:
    name: str
    description: str
    arguments: type[Arguments]
    function: Callable[[Any, Any], Any]  # (user, validated arguments) → JSON-ready data

    def definition(self) -> dict:
        """The tool as the Messages API takes it."""
        schema = self.arguments.model_json_schema()
        schema.pop("title", None)
        return {"name": self.name, "description": self.description, "input_schema": schema}
