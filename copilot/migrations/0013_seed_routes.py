"""Seed the routing: every task on the provider and model from the settings (as before routing
existed), with no fallback; the two priced models, Claude on Anthropic once CLAUDE_API_KEY is set."""

from django.db import migrations

TASKS = ("quick_summary", "account_analysis", "deep_analysis")


def seed(apps, schema_editor):
    Provider = apps.get_model("copilot", "Provider")
    LLMModel = apps.get_model("copilot", "LLMModel")
    TaskRoute = apps.get_model("copilot", "TaskRoute")
    anthropic, _ = Provider.objects.get_or_create(
        name="anthropic", defaults={"base_url": "https://api.anthropic.com", "api_key_env": "CLAUDE_API_KEY"}
    )
    LLMModel.objects.get_or_create(name="glm-4.6", defaults={"provider": None})
    LLMModel.objects.get_or_create(name="claude-sonnet-4-5", defaults={"provider": anthropic})
    for task in TASKS:
        TaskRoute.objects.get_or_create(task=task)


def unseed(apps, schema_editor):
    apps.get_model("copilot", "TaskRoute").objects.filter(task__in=TASKS).delete()


class Migration(migrations.Migration):
    dependencies = [("copilot", "0012_routing_and_comparisons")]
    operations = [migrations.RunPython(seed, unseed)]
