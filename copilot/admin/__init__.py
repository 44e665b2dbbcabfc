"""The copilot's admin: the call ledger, budgets, routing, bulk runs and comparisons, and AI actions on
the Account admin."""

from copilot.admin import accounts, budgets, bulk, comparisons, ledger, routing  # noqa: F401  (each registers its admins)
