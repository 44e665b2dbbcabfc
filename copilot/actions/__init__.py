"""Next-best actions as data: the copilot proposes them on an account (the ``propose_actions`` tool),
the manager accepts, dismisses or does them (the API), and every answer is measured per model and
prompt version (the admin's actions dashboard, compare_models)."""
