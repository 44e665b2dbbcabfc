from django.core.management.base import BaseCommand

from accounts.services import IMPORT_FIELDS, ImportFileError, import_accounts, read_rows


class Command(BaseCommand):
    help = (
        "Import or update accounts from a CSV file (header row) or a JSON list of objects. "
        f"Keys: {', '.join(IMPORT_FIELDS)} (owner is a username); rows are matched on external_id. "
        "Exit codes: 0 all rows imported, 1 some rows were bad (the good ones are imported), "
        "2 the file could not be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .csv or .json file")

    def handle(self, *args, file: str, **options):
        try:
            report = import_accounts(read_rows(file))
        except ImportFileError as exc:
            self.stderr.write(f"Cannot import: {exc}")
            raise SystemExit(2) from None
        for error in report.errors:
            self.stderr.write(f"{error.location}: {error.reason}")
        self.stdout.write(
            f"Imported: {report.created} created, {report.updated} updated, {len(report.errors)} bad row(s)."
        )
        if not report.ok:
            raise SystemExit(1)
