"""The copilot's admin: the call ledger, budgets, routing, bulk runs and comparisons, and AI actions on
the Account admin; recommended actions and their dashboard."""

from copilot.admin import (  # noqa: F401  (each registers its admins)
    accounts,
    actions,
    budgets,
    bulk,
    comparisons,
    ledger,
    routing,
)
