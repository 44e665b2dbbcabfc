"""The copilot's models: the call ledger, recommended actions, budgets, routing, bulk runs, comparisons
and the daily rollups."""

from copilot.models.actions import Recommendation
from copilot.models.budgets import Budget
from copilot.models.bulk import BulkRun, BulkRunItem
from copilot.models.comparisons import ModelComparison
from copilot.models.ledger import AnalysisRequest, ModelPrice, Source, Thread, ThreadMessage, TokenUsage
from copilot.models.rollups import DailyAccountUsage, DailyLatency, DailyUsage, DailyUserUsage, RollupTotals
from copilot.models.routing import DEFAULT_TASK, CatalogVersion, LLMModel, Provider, Task, TaskRoute

__all__ = [
    "DEFAULT_TASK",
    "AnalysisRequest",
    "Budget",
    "BulkRun",
    "BulkRunItem",
    "CatalogVersion",
    "DailyAccountUsage",
    "DailyLatency",
    "DailyUsage",
    "DailyUserUsage",
    "LLMModel",
    "ModelComparison",
    "ModelPrice",
    "Provider",
    "Recommendation",
    "RollupTotals",
    "Source",
    "Task",
    "TaskRoute",
    "Thread",
    "ThreadMessage",
    "TokenUsage",
]
