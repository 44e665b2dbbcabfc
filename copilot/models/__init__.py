"""The copilot's models: the call ledger, bulk runs and the daily rollups."""

from copilot.models.bulk import BulkRun, BulkRunItem
from copilot.models.ledger import AnalysisRequest, ModelPrice, Source, Thread, ThreadMessage, TokenUsage
from copilot.models.rollups import DailyAccountUsage, DailyLatency, DailyUsage, DailyUserUsage, RollupTotals

__all__ = [
    "AnalysisRequest",
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
