from django.core.management.base import BaseCommand

from copilot import gateway
from copilot.analysis.service import analysis_run
from copilot.errors import CopilotError
from copilot.models import Source

PROMPT = "Reply with the single word: ready"


def masked(key: str) -> str:
    if not key:
        return "(not set)"
    return f"{key[:4]}… ({len(key)} characters)" if len(key) > 8 else "****"


class Command(BaseCommand):
    help = (
        "Check the LLM configuration: print the base URL, model and masked key, make one small real call "
        "(recorded like any other, source cli), and print latency and usage. "
        "Exit codes: 0 the call worked, 1 the call failed, 2 no key configured."
    )

    def handle(self, *args, **options):
        config = gateway.LLMConfig.from_settings()
        self.stdout.write(f"Base URL:  {config.base_url}")
        self.stdout.write(f"Provider:  {config.provider}")
        self.stdout.write(f"Model:     {config.model}")
        self.stdout.write(f"API key:   {masked(config.api_key)}")
        self.stdout.write(
            f"Streaming: {'on' if config.streaming else 'off'}; timeout {config.timeout_seconds:g}s; "
            f"max retries {config.max_retries}"
        )
        if not config.configured:
            self.stderr.write("Not configured: set ANTHROPIC_API_KEY (in .env.local or the environment).")
            raise SystemExit(2)
        try:
            result = analysis_run(user=None, messages=[{"role": "user", "content": PROMPT}], source=Source.CLI)
        except CopilotError as exc:
            record = f" (record #{exc.request_id})" if exc.request_id else ""
            self.stderr.write(f"Call failed: {exc.code}: {exc.message}{record}")
            raise SystemExit(1) from None
        record, usage = result.record, result.usage
        self.stdout.write(self.style.SUCCESS(f"Call succeeded (record #{record.pk})."))
        self.stdout.write(f"Reply:     {record.response.strip()[:200]}")
        first_token = record.time_to_first_token_ms
        self.stdout.write(
            f"Latency:   {record.latency_ms:.0f} ms"
            + (f" (first token {first_token:.0f} ms)" if first_token is not None else "")
        )
        self.stdout.write(
            f"Usage:     {usage.input_tokens} input, {usage.output_tokens} output, "
            f"{usage.cache_read_tokens} cache read, {usage.cache_creation_tokens} cache write "
            f"tokens; retries {record.retries}"
        )
