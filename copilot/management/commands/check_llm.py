from django.core.management.base import BaseCommand

from copilot import llm

PROMPT = "Reply with the single word: ready"


def masked(key: str) -> str:
    if not key:
        return "(not set)"
    return f"{key[:4]}… ({len(key)} characters)" if len(key) > 8 else "****"


class Command(BaseCommand):
    help = (
        "Check the LLM configuration: print the base URL, model and masked key, make one small real call, "
        "and print latency and usage. Exit codes: 0 the call worked, 1 the call failed, 2 no key configured."
    )

    def handle(self, *args, **options):
        config = llm.LLMConfig.from_settings()
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
        small = llm.LLMConfig(**{**config.__dict__, "max_tokens": min(config.max_tokens, 32)})
        try:
            completion = llm.complete(
                small, system="You are a health check.", messages=[{"role": "user", "content": PROMPT}]
            )
        except llm.LLMError as exc:
            self.stderr.write(f"Call failed: {exc.code}: {exc.message} (retries: {exc.retries})")
            raise SystemExit(1) from None
        self.stdout.write(self.style.SUCCESS("Call succeeded."))
        self.stdout.write(f"Reply:     {completion.text.strip()[:200]}")
        self.stdout.write(
            f"Latency:   {completion.latency_ms:.0f} ms"
            + (
                f" (first token {completion.time_to_first_token_ms:.0f} ms)"
                if completion.time_to_first_token_ms is not None
                else ""
            )
        )
        self.stdout.write(
            f"Usage:     {completion.input_tokens} input, {completion.output_tokens} output, "
            f"{completion.cache_read_tokens} cache read, {completion.cache_creation_tokens} cache write "
            f"tokens; retries {completion.retries}"
        )
