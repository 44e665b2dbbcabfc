from django.apps import AppConfig


class CopilotConfig(AppConfig):
    name = "copilot"

    def ready(self):
        from copilot.gateway import catalog  # noqa: F401  (connects the receivers)
        from copilot.ledger import signals  # noqa: F401  (connects the receivers)
        from sergas import middleware  # noqa: F401  (registers the middlewares' deploy check)
