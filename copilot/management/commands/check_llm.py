from django.core.management.base import BaseCommand

from copilot.analysis.service import analysis_run
from copilot.errors import CopilotError
from copilot.gateway import LLMConfig, routing
from copilot.management import support
from copilot.models import DEFAULT_TASK, Source, Task

PROMPT = "Reply with the single word: ready"
EXIT_OK, EXIT_FAILED, EXIT_NOT_CONFIGURED = 0, 1, 2


def masked(key: str) -> str:
    if not key:
        return "(not set)"
    return f"{key[:4]}… ({len(key)} characters)" if len(key) > 8 else "****"


class Command(BaseCommand):
    help = (
        "Check the LLM configuration of a task's route: for the model and then its fallback, each on its "
        "own provider, print the base URL, model and masked key, make one small real call (recorded like "
        "any other, source cli) and print its latency and usage, or why it failed. "
        "Exit codes: 0 every provider of the route answered, 1 a call failed, 2 a provider has no key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--task", choices=Task.values, default=DEFAULT_TASK, help="the route (%(default)s)")
        support.add_as_option(parser)

    def handle(self, *args, **options):
        with support.quiet_logs(options["verbosity"]):
            code = self._check(options)
        if code:
            raise SystemExit(code)

    def _check(self, options) -> int:
        user = support.run_as(options["as_user"]).user
        route = routing.route_for(options["task"])
        chain = [("Model", route.config)] + ([("Fallback", route.fallback)] if route.fallback else [])
        self.stdout.write(f"Task:      {route.task}")
        self.stdout.write("Route:     " + " → then ".join(f"{c.model} on {c.provider}" for _, c in chain))
        # Each provider is asked on its own (the model named, no fallback), so that a primary that
        # fails is reported as failed even when its fallback would have answered the call.
        outcomes = [self._check_one(role, config, options["task"], user) for role, config in chain]
        if len(chain) > 1 and outcomes[0] != EXIT_OK and outcomes[1] == EXIT_OK:
            self.stderr.write(
                f"The route's model {route.config.model} did not answer: calls of this task are answered "
                f"only by the fallback {route.fallback.model}."
            )
        if EXIT_FAILED in outcomes:
            return EXIT_FAILED
        return EXIT_NOT_CONFIGURED if EXIT_NOT_CONFIGURED in outcomes else EXIT_OK

    def _check_one(self, role: str, config: LLMConfig, task: str, user) -> int:
        self.stdout.write("")
        self.stdout.write(f"{role + ':':<11}{config.model}")
        self.stdout.write(f"Provider:  {config.provider}")
        self.stdout.write(f"Base URL:  {config.base_url}")
        self.stdout.write(f"API key:   {masked(config.api_key)} ({config.key_env})")
        self.stdout.write(
            f"Streaming: {'on' if config.streaming else 'off'}; timeout {config.timeout_seconds:g}s; "
            f"max retries {config.max_retries}"
        )
        if not config.configured:
            self.stderr.write(f"{config.model}: not configured: set {config.key_env} (.env.local or the environment).")
            return EXIT_NOT_CONFIGURED
        try:
            result = analysis_run(
                user=user,
                messages=[{"role": "user", "content": PROMPT}],
                source=Source.CLI,
                task=task,
                model=config.model,
            )
        except CopilotError as exc:
            record = f" (record #{exc.request_id})" if exc.request_id else ""
            self.stderr.write(f"{config.model} on {config.provider}: call failed: {exc.code}: {exc.message}{record}")
            self.stdout.write(self.style.ERROR(f"Call failed: {exc.code}{record}."))
            return EXIT_FAILED
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
        return EXIT_OK
