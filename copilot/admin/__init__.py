"""The copilot's admin: the call ledger, budgets, bulk runs, and AI actions on the Account admin."""

from copilot.admin import accounts, budgets, bulk, ledger  # noqa: F401  (each registers its admins)
