import argparse
import asyncio
import json
import sys
import threading

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from accounts.models import Account
from copilot.bulk import runner, selectors, services
from copilot.gateway import routing
from copilot.management import support
from copilot.models import DEFAULT_TASK, BulkRun, BulkRunItem, Task

PROGRESS_EVERY_SECONDS = 0.5
PLAIN_PROGRESS_EVERY_SECONDS = 5
EXIT_OK, EXIT_FAILED_ITEMS, EXIT_USAGE, EXIT_BUDGET, EXIT_NOT_CONFIGURED, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

EPILOG = """
selection (combine freely): --all | --ids ACC-1,ACC-2 | --status at_risk | --owner alice | --health-below 60,
then --limit N.

exit codes:
  0    every account was analysed successfully
  1    the run finished but some accounts failed (see the summary; --resume RUN --retry-failed)
  2    bad options, unknown account ids, nothing selected or no such run
  3    stopped at --max-cost; the run is resumable (--resume RUN --max-cost HIGHER)
  4    AI analysis is not configured (no ANTHROPIC_API_KEY): the health rules were printed instead
  130  interrupted (Ctrl-C or SIGTERM); the run is resumable (--resume RUN)

scale-out: with CELERY_BROKER_URL set, --backend celery sends one task per account to workers
started with `celery -A sergas worker --concurrency 8`; --no-wait returns at once with the run id.
"""


class Command(BaseCommand):
    help = "Analyse many accounts through the AI copilot: bounded, resumable and within budget."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EPILOG
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser):
        select = parser.add_argument_group("selection")
        select.add_argument("--all", action="store_true", help="every account")
        select.add_argument("--ids", help="comma-separated external ids, e.g. ACC-1,ACC-2")
        select.add_argument("--status", choices=Account.Status.values)
        select.add_argument("--owner", help="owner's username")
        select.add_argument("--health-below", type=int, metavar="N", help="health score below N (0-100)")
        select.add_argument("--limit", type=int, metavar="N", help="at most N accounts")
        run = parser.add_argument_group("run")
        run.add_argument("--question", default=services.DEFAULT_QUESTION, help="what to ask about each account")
        run.add_argument(
            "--task", choices=Task.values, default=DEFAULT_TASK, help="the route that picks the model (%(default)s)"
        )
        run.add_argument("--concurrency", type=int, default=4, help="provider calls in flight at once (default 4)")
        run.add_argument("--rpm", type=int, help="at most this many requests per minute")
        run.add_argument("--tpm", type=int, help="at most this many tokens per minute")
        run.add_argument("--max-cost", help="stop starting new work before spent + in flight passes this (USD)")
        run.add_argument("--dry-run", action="store_true", help="count and estimate tokens and cost; no AI call")
        run.add_argument("--backend", choices=["inline", "celery"], default="inline")
        run.add_argument("--no-wait", action="store_true", help="celery: return once the tasks are queued")
        runs = parser.add_argument_group("runs")
        runs.add_argument(
            "--resume",
            nargs="?",
            const="latest",
            metavar="RUN_ID",
            help="finish a run (without an id: the latest unfinished one)",
        )
        runs.add_argument("--retry-failed", action="store_true", help="with --resume: retry failed accounts too")
        runs.add_argument("--list-runs", action="store_true", help="list unfinished runs")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        support.add_as_option(parser)

    # --- entry ---------------------------------------------------------------------------

    def handle(self, *args, **options):
        self.options = options
        self.json = options["format"] == "json"
        with support.quiet_logs(options["verbosity"]):  # a line per call would drown the progress
            try:
                code = self._dispatch(options)
            except CommandError as exc:
                self.stderr.write(f"error: {exc}")
                code = EXIT_USAGE
        sys.stdout.flush()
        if code:
            raise SystemExit(code)

    def _dispatch(self, options) -> int:
        if options["list_runs"]:
            return self._list_runs()
        run_as = support.run_as(options["as_user"])
        max_cost = support.usd_option(options["max_cost"])
        if options["concurrency"] < 1 or options["concurrency"] > 256:
            raise CommandError("--concurrency must be between 1 and 256")
        if options["resume"]:
            run = self._run_to_resume(options["resume"])
            if max_cost is not None:
                run.max_cost_usd = max_cost
                run.save(update_fields=["max_cost_usd"])
            config = routing.route_for(run.task, model=run.model or None).config
            if not config.configured:
                raise CommandError(f"AI analysis is not configured ({config.key_env}); nothing to resume with")
            services.run_prepare_resume(run, retry_failed=options["retry_failed"])
            todo = run.items.filter(status=BulkRunItem.Status.PENDING).count()
            self._say(f"Resuming bulk run {run.pk}: {todo} account(s) to analyse.")
            return self._execute(run)

        selection = self._selection(options)
        task = options["task"]
        if not routing.route_for(task).config.configured and not options["dry_run"]:
            return self._health_only(selection)
        if options["dry_run"]:
            return self._dry_run(selection, options["question"], task)
        if options["backend"] == "celery" and not settings.CELERY_BROKER_URL:
            raise CommandError("--backend celery needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
        run = services.run_create(
            selection=selection,
            question=options["question"],
            task=task,
            backend=options["backend"],
            concurrency=options["concurrency"],
            rpm=options["rpm"],
            tpm=options["tpm"],
            max_cost=max_cost,
            created_by=run_as.label,
            user=run_as.user,
        )
        total = run.items.count()
        if not total:
            services.run_finish(run, BulkRun.Status.COMPLETED)
            raise CommandError("the selection matched no accounts")
        self._say(
            f"Bulk run {run.pk} started: {total} account(s), concurrency {run.concurrency}, "
            f"backend {run.backend}. Resume it with: manage.py analyze_accounts --resume {run.pk}"
        )
        return self._execute(run)

    # --- options -------------------------------------------------------------------------

    def _selection(self, options) -> selectors.Selection:
        ids = tuple(part.strip() for part in (options["ids"] or "").split(",") if part.strip())
        health_below = options["health_below"]
        if health_below is not None and not 0 <= health_below <= 101:
            raise CommandError("--health-below must be between 0 and 101")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be 1 or more")
        selection = selectors.Selection(
            all=options["all"],
            ids=ids,
            status=options["status"],
            owner=options["owner"],
            health_below=health_below,
            limit=options["limit"],
        )
        if selection.empty:
            raise CommandError("choose accounts: --all, --ids, --status, --owner or --health-below")
        if ids and (missing := selectors.missing_ids(selection)):
            raise CommandError(f"unknown account id(s): {', '.join(missing)}")
        return selection

    def _run_to_resume(self, value: str) -> BulkRun:
        if value == "latest":
            run = selectors.unfinished_runs().first()
            if run is None:
                raise CommandError("there is no unfinished run to resume")
            return run
        try:
            return BulkRun.objects.get(pk=int(value))
        except (ValueError, BulkRun.DoesNotExist):
            raise CommandError(f"no bulk run {value!r}") from None

    # --- modes ---------------------------------------------------------------------------

    def _list_runs(self) -> int:
        rows = [selectors.run_summary(run) for run in selectors.unfinished_runs()[:50]]
        if self.json:
            self.stdout.write(json.dumps(rows, indent=2))
        elif not rows:
            self.stdout.write("No unfinished runs.")
        else:
            for row in rows:
                self.stdout.write(
                    f"run {row['run_id']:>5}  {row['status']:<15} {row['succeeded']}/{row['accounts']} "
                    f"done, {row['failed']} failed, {row['pending']} to go, {row['cost_usd']} USD"
                )
        return EXIT_OK

    def _dry_run(self, selection, question, task) -> int:
        guess = services.estimate(selection, question=question, task=task)
        cost = None if guess.cost_usd is None else f"{guess.cost_usd:.6f}"
        if self.json:
            self.stdout.write(
                json.dumps(
                    {
                        "accounts": guess.accounts,
                        "input_tokens": guess.input_tokens,
                        "output_tokens": guess.output_tokens,
                        "cost_usd": cost,
                        "model": guess.model,
                    },
                    indent=2,
                )
            )
        else:
            self.stdout.write(
                f"Dry run: {guess.accounts} account(s) would be analysed with {guess.model}.\n"
                f"Estimated tokens: {guess.input_tokens} input, up to {guess.output_tokens} output.\n"
                + (
                    f"Estimated cost: up to {cost} USD."
                    if cost
                    else "Estimated cost: unknown (the model has no price)."
                )
            )
        return EXIT_OK

    def _health_only(self, selection) -> int:
        rows = []
        for account, report in selectors.selected_with_health(selection):
            rows.append(
                {
                    "account_id": account.external_id,
                    "name": account.name,
                    "score": report.score,
                    "band": report.band,
                    "signals": [signal.code for signal in report.signals],
                }
            )
        if self.json:
            self.stdout.write(
                json.dumps({"ai_analysis": "skipped: ANTHROPIC_API_KEY is not configured", "health": rows}, indent=2)
            )
        else:
            for row in rows:
                self.stdout.write(
                    f"{row['account_id']:<12} {row['score']:>3}/100 {row['band']:<8} "
                    f"{', '.join(row['signals']) or 'no risk signals'}  ({row['name']})"
                )
            self.stderr.write(
                f"AI analysis skipped: ANTHROPIC_API_KEY is not configured. Health rules shown "
                f"for {len(rows)} account(s)."
            )
        return EXIT_NOT_CONFIGURED

    # --- running ---------------------------------------------------------------------------

    def _execute(self, run: BulkRun) -> int:
        stop = threading.Event()
        previous = support.trap_stop_signals(stop, self.stderr.write)
        try:
            if run.backend == BulkRun.Backend.CELERY:
                from copilot.bulk.tasks import enqueue_pending

                self._say(f"Queued {enqueue_pending(run)} task(s).")
                if self.options["no_wait"]:
                    self._say(f"Not waiting. Follow it with: manage.py analyze_accounts --list-runs (run {run.pk})")
                    return EXIT_OK
            asyncio.run(self._run_with_progress(run, stop))
        finally:
            support.restore_signals(previous)
        return self._finish(run, interrupted=stop.is_set())

    async def _run_with_progress(self, run: BulkRun, stop: threading.Event) -> None:
        """Inline: the runner, with the progress read from the run's rows beside it. Celery: the
        workers do the run; this only shows its progress until no item is left to do."""
        watching = asyncio.create_task(self._watch(run, stop))
        try:
            if run.backend == BulkRun.Backend.INLINE:
                await runner.run_execute(run, stop=stop)
            else:
                await watching
        finally:
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)

    async def _watch(self, run: BulkRun, stop: threading.Event) -> None:
        total = await sync_to_async(run.items.count)()
        progress = _Progress(self, run, total)
        try:
            while not stop.is_set():
                open_items = await sync_to_async(selectors.open_item_count)(run)
                progress.show(total - open_items)
                if not open_items:
                    return
                await sync_to_async(run.refresh_from_db)(fields=["status"])
                if (
                    run.status == BulkRun.Status.BUDGET_STOPPED
                    and not await sync_to_async(run.items.filter(status=BulkRunItem.Status.RUNNING).exists)()
                ):
                    return
                await asyncio.sleep(PROGRESS_EVERY_SECONDS)
        finally:
            progress.close()

    def _finish(self, run: BulkRun, *, interrupted: bool) -> int:
        services.run_conclude(run, interrupted=interrupted)
        if run.status == BulkRun.Status.INTERRUPTED:
            code = EXIT_INTERRUPTED
        elif run.status == BulkRun.Status.BUDGET_STOPPED:
            code = EXIT_BUDGET
        else:
            code = EXIT_FAILED_ITEMS if run.items.filter(status=BulkRunItem.Status.FAILED).exists() else EXIT_OK
        self._report(selectors.run_summary(run), code)
        return code

    def _report(self, figures: dict, code: int) -> None:
        if self.json:
            self.stdout.write(json.dumps({**figures, "exit_code": code}, indent=2))
            return
        failed = ", ".join(f"{name or 'unknown'} {n}" for name, n in figures["failed_by_code"].items()) or "none"
        lines = [
            f"Bulk run {figures['run_id']}: {figures['status']}",
            f"  accounts   {figures['accounts']}: {figures['succeeded']} succeeded, {figures['failed']} failed "
            f"({failed}), {figures['pending']} not done",
            f"  tokens     {figures['input_tokens']} input, {figures['output_tokens']} output, "
            f"{figures['cache_read_tokens']} cache read",
            f"  cost       {figures['cost_usd']} USD"
            + (f" (+{figures['unpriced_calls']} unpriced call(s))" if figures["unpriced_calls"] else ""),
            f"  actions    {figures['proposed_actions']} proposed",
            f"  elapsed    {figures['elapsed_seconds']} s",
        ]
        if code in (EXIT_INTERRUPTED, EXIT_BUDGET):
            lines.append(
                f"  resume with: manage.py analyze_accounts --resume {figures['run_id']}"
                + (" --max-cost <higher>" if code == EXIT_BUDGET else "")
            )
        self.stdout.write("\n".join(lines))

    def _say(self, message: str) -> None:
        (self.stderr if self.json else self.stdout).write(message)


class _Progress:
    """A tqdm bar on a terminal; otherwise a plain line every few seconds."""

    def __init__(self, command: Command, run: BulkRun, total: int):
        self.command, self.run, self.total = command, run, total
        self.done: int | None = None
        self.bar = None
        self.last_line = 0.0
        if sys.stderr.isatty() and not command.json:
            self.bar = tqdm(total=total, unit="account", desc=f"run {run.pk}", file=sys.stderr)

    def show(self, done: int) -> None:
        if done == self.done:
            return
        if self.bar is not None:
            self.bar.update(done - self.bar.n)
        elif (
            self.done is None
            or done == self.total
            or asyncio.get_running_loop().time() - self.last_line > PLAIN_PROGRESS_EVERY_SECONDS
        ):
            self.last_line = asyncio.get_running_loop().time()
            self.command.stderr.write(f"run {self.run.pk}: {done}/{self.total} accounts done")
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
