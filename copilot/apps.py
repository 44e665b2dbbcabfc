from django.apps import AppConfig


class CopilotConfig(AppConfig):
    name = "copilot"

    def ready(self):
        from copilot import signals  # noqa: F401  (connects the receivers)
