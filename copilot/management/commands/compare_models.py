import asyncio
import json
import sys
import threading

from asgiref.sync import sync_to_async
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table
from tqdm import tqdm

from copilot.actions.services import recommendations_expire
from copilot.bulk import selectors as bulk_selectors
from copilot.bulk.services import DEFAULT_QUESTION
from copilot.comparisons import selectors, services
from copilot.errors import CopilotError
from copilot.management import support
from copilot.models import DEFAULT_TASK, BulkRunItem, ModelComparison, Task

PROGRESS_EVERY_SECONDS = 0.5
EXIT_OK, EXIT_FAILED_CALLS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Command(BaseCommand):
    help = (
        "Run the same analyses on several models and compare them on your own accounts: cost, tokens, "
        "latency p50/p95, failures, and where the answers differ most. Each model's calls are a bulk run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--accounts", help="comma-separated external ids (ACC-1,ACC-2), or 'all'")
        parser.add_argument("--limit", type=int, metavar="N", help="at most N accounts")
        parser.add_argument("--models", help="comma-separated model names, e.g. glm-4.6,claude-sonnet-4-5")
        parser.add_argument("--task", choices=Task.values, default=DEFAULT_TASK)
        parser.add_argument("--question", default=DEFAULT_QUESTION, help="what to ask about each account")
        parser.add_argument("--concurrency", type=int, default=4, help="calls in flight at once per model (4)")
        parser.add_argument("--max-cost", help="USD for the whole comparison, shared equally by the models")
        parser.add_argument("--show", type=int, metavar="ID", help="print an earlier comparison's table")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        support.add_as_option(parser)

    def handle(self, *args, **options):
        with support.quiet_logs(options["verbosity"]):  # the table and progress, not a line per call
            self._handle(options)

    def _handle(self, options):
        self.json = options["format"] == "json"
        recommendations_expire()  # the table's action figures count stale proposals as expired
        if options["show"] is not None:
            comparison = ModelComparison.objects.filter(pk=options["show"]).first()
            if comparison is None:
                raise CommandError(f"no comparison {options['show']}")
            self._print(selectors.comparison_table(comparison))
            return
        comparison = self._create(options)
        stop = threading.Event()
        previous = support.trap_stop_signals(stop, self.stderr.write)
        try:
            asyncio.run(self._run_with_progress(comparison, stop))
        finally:
            support.restore_signals(previous)
        table = selectors.comparison_table(comparison)
        self._print(table)
        if stop.is_set():
            raise SystemExit(EXIT_INTERRUPTED)
        if any(figures.failed for figures in table.figures):
            raise SystemExit(EXIT_FAILED_CALLS)

    def _create(self, options) -> ModelComparison:
        if not options["accounts"] or not options["models"]:
            raise CommandError("name the accounts (--accounts ACC-1,ACC-2 or all) and the --models to compare")
        if not 1 <= options["concurrency"] <= 64:
            raise CommandError("--concurrency must be between 1 and 64")
        accounts = options["accounts"].strip()
        ids = () if accounts == "all" else tuple(part.strip() for part in accounts.split(",") if part.strip())
        selection = bulk_selectors.Selection(all=accounts == "all", ids=ids, limit=options["limit"])
        run_as = support.run_as(options["as_user"])
        if ids and (missing := bulk_selectors.missing_ids(selection)):
            raise CommandError(f"unknown account id(s): {', '.join(missing)}")
        try:
            comparison = services.comparison_create(
                selection=selection,
                models=options["models"].split(","),
                task=options["task"],
                question=options["question"],
                concurrency=options["concurrency"],
                max_cost=support.usd_option(options["max_cost"]),
                created_by=run_as.label,
                user=run_as.user,
            )
        except CopilotError as error:
            raise CommandError(error.message) from None
        runs = ", ".join(f"{run.model}: run {run.pk}" for run in comparison.runs.order_by("pk"))
        self._say(f"Comparison {comparison.pk} started ({runs}).")
        return comparison

    async def _run_with_progress(self, comparison: ModelComparison, stop: threading.Event) -> None:
        watching = asyncio.create_task(self._watch(comparison, stop))
        try:
            await services.comparison_execute(comparison, stop=stop)
        finally:
            watching.cancel()
            await asyncio.gather(watching, return_exceptions=True)

    async def _watch(self, comparison: ModelComparison, stop: threading.Event) -> None:
        items = BulkRunItem.objects.filter(run__comparison=comparison)
        total = await sync_to_async(items.count)()
        bar = None
        if sys.stderr.isatty() and not self.json:
            bar = tqdm(total=total, unit="call", desc=f"comparison {comparison.pk}", file=sys.stderr)
        try:
            while not stop.is_set():
                done = total - await sync_to_async(items.filter(status__in=BulkRunItem.OPEN).count)()
                if bar is not None:
                    bar.update(done - bar.n)
                if done >= total:
                    return
                await asyncio.sleep(PROGRESS_EVERY_SECONDS)
        finally:
            if bar is not None:
                bar.close()

    def _print(self, table: selectors.ComparisonTable) -> None:
        comparison = table.comparison
        if self.json:
            payload = {
                "comparison_id": comparison.pk,
                "task": comparison.task,
                "runs": {run.model: run.pk for run in comparison.runs.order_by("pk")},
                "header": table.header,
                "rows": table.rows,
                "differences": [
                    {"account_id": d.account, "similarity": round(d.similarity, 3), "answers": d.answers}
                    for d in table.differences
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        console = Console(file=self.stdout, width=max(100, Console().width), highlight=False)
        grid = Table(title=f"Comparison {comparison.pk}: {comparison.get_task_display()}, {comparison.question!r}")
        for index, name in enumerate(table.header):
            grid.add_column(name, justify="left" if index == 0 else "right")
        for row in table.rows:
            grid.add_row(*row)
        console.print(grid)
        if table.differences:
            differ = Table(title="Where the answers differ most (1.00: the same words)")
            differ.add_column("Account")
            differ.add_column("Similarity", justify="right")
            for name in comparison.model_names:
                differ.add_column(name)
            for difference in table.differences:
                answers = [difference.answers.get(name, "") for name in comparison.model_names]
                differ.add_row(difference.account, f"{difference.similarity:.2f}", *answers)
            console.print(differ)

    def _say(self, message: str) -> None:
        (self.stderr if self.json else self.stdout).write(message)
