"""The copilot's models: the call ledger, budgets, bulk runs and the daily rollups."""

from copilot.models.budgets import Budget
from copilot.models.bulk import BulkRun, BulkRunItem
from copilot.models.ledger import AnalysisRequest, ModelPrice, Source, Thread, ThreadMessage, TokenUsage
from copilot.models.rollups import DailyAccountUsage, DailyLatency, DailyUsage, DailyUserUsage, RollupTotals

__all__ = [
    "AnalysisRequest",
    "Budget",
    "BulkRun",
    "BulkRunItem",
    "DailyAccountUsage",
    "DailyLatency",
    "DailyUsage",
    "DailyUserUsage",
    "ModelPrice",
    "RollupTotals",
    "Source",
    "Thread",
    "ThreadMessage",
    "TokenUsage",
]
