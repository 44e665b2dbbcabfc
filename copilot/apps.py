from django.apps import AppConfig


class CopilotConfig(AppConfig):
    name = "copilot"

    def ready(self):
        from copilot.ledger import signals  # noqa: F401  (connects the receivers)
