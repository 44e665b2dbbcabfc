from django.apps import AppConfig


class CopilotConfig(AppConfig):
    name = "copilot"

    def ready(self):
        from accounts.briefs.sections import register_section
        from copilot.actions.brief import SECTION_KEY, due_actions_section
        from copilot.gateway import catalog  # noqa: F401  (connects the receivers)
        from copilot.ledger import signals  # noqa: F401  (connects the receivers)
        from sergas import middleware  # noqa: F401  (registers the middlewares' deploy check)

        # The morning brief lists each manager's actions due today or overdue.
        register_section(SECTION_KEY, due_actions_section)
