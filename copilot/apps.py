import importlib.util

from django.apps import AppConfig


class CopilotConfig(AppConfig):
    name = "copilot"

    def ready(self):
        from copilot.ledger import signals  # noqa: F401  (connects the receivers)

        # The morning brief's "actions due" section, once accounts.briefs offers its hook.
        if importlib.util.find_spec("accounts.briefs") is not None:
            from accounts.briefs.sections import register_section

            from copilot.actions.brief import SECTION_KEY, due_actions_section

            register_section(SECTION_KEY, due_actions_section)
