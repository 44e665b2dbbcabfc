"""Writes for accounts: logging activities, importing account files and loading demo data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.history.services import backfill, health_refresh
from accounts.models import Account, Activity, Deal

IMPORT_FIELDS = ("external_id", "name", "status", "industry", "annual_revenue", "contract_end", "owner")


@transaction.atomic
def activity_log(account: Account, *, kind: str, subject: str, occurred_at: dt.datetime | None = None) -> Activity:
    """Record something that happened with the account; its stored health and today's snapshot
    count it at once."""
    activity = Activity.objects.create(
        account=account, kind=kind, subject=subject, occurred_at=occurred_at or timezone.now()
    )
    health_refresh(account)
    return activity


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, columns)."""


@dataclass
class RowError:
    location: str  # "line 7" for CSV, "item 3" for JSON
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class AccountImportForm(forms.ModelForm):
    owner = forms.CharField(required=False)

    class Meta:
        model = Account
        fields = ["external_id", "name", "status", "industry", "annual_revenue", "contract_end"]

    def clean_owner(self):
        username = (self.cleaned_data.get("owner") or "").strip()
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise forms.ValidationError(f"no user named '{username}'") from None

    def save(self, commit=True):
        self.instance.owner = self.cleaned_data.get("owner")
        return super().save(commit=commit)


def read_rows(path: Path) -> Iterator[tuple[str, dict]]:
    """Yield (location, row) pairs from a CSV file with a header row or a JSON list of objects."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not UTF-8 text") from None
    if Path(path).suffix.lower() == ".json" or text.lstrip().startswith("["):
        yield from _json_rows(text)
    else:
        yield from _csv_rows(text)


def _check_columns(columns: Iterable[str]) -> None:
    unknown = sorted(set(columns) - set(IMPORT_FIELDS))
    if unknown:
        raise ImportFileError(f"unknown column(s): {', '.join(unknown)}; expected some of: {', '.join(IMPORT_FIELDS)}")


def _csv_rows(text: str) -> Iterator[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ImportFileError("the CSV file has no header row")
    _check_columns(name.strip() for name in reader.fieldnames)
    for row in reader:
        if None in row:
            yield f"line {reader.line_num}", {"__error__": "more values than header columns"}
            continue
        yield f"line {reader.line_num}", {key.strip(): (value or "").strip() for key, value in row.items()}


def _json_rows(text: str) -> Iterator[tuple[str, dict]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, list):
        raise ImportFileError("the JSON file must hold a list of objects")
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield f"item {index}", {"__error__": "not an object"}
            continue
        unknown = sorted(set(item) - set(IMPORT_FIELDS))
        if unknown:
            yield f"item {index}", {"__error__": f"unknown key(s): {', '.join(unknown)}"}
            continue
        yield f"item {index}", {key: "" if value is None else str(value) for key, value in item.items()}


def import_accounts(rows: Iterable[tuple[str, dict]]) -> ImportReport:
    """Upsert accounts by external_id. Each row is all-or-nothing; bad rows are reported."""
    report = ImportReport()
    for location, row in rows:
        if "__error__" in row:
            report.errors.append(RowError(location, row["__error__"]))
            continue
        external_id = row.get("external_id", "").strip()
        if not external_id:
            report.errors.append(RowError(location, "external_id: this field is required"))
            continue
        existing = Account.objects.filter(external_id=external_id).first()
        # Columns missing from the file keep their stored values on update.
        data = {name: getattr(existing, name) for name in IMPORT_FIELDS if name != "owner"} if existing else {}
        if existing and "owner" not in row:
            data["owner"] = existing.owner.username if existing.owner else ""
        if not existing:
            data.setdefault("status", Account.Status.ACTIVE)
        data.update(row)
        form = AccountImportForm(data=data, instance=existing)
        if not form.is_valid():
            reasons = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())
            report.errors.append(RowError(location, reasons))
            continue
        with transaction.atomic():
            health_refresh(form.save())  # a new status or contract end changes health
        if existing:
            report.updated += 1
        else:
            report.created += 1
    return report


# --- Demo data ---------------------------------------------------------------------------

DEMO_OWNERS = ("alice", "bob", "carol")
DEMO_INDUSTRIES = ("Logistics", "Healthcare", "Retail", "Manufacturing", "Software", "Finance", "Energy")
DEMO_NAMES = (
    "Northwind Traders",
    "Contoso Health",
    "Fabrikam Retail",
    "Adventure Works",
    "Tailspin Toys",
    "Wide World Importers",
    "Litware Systems",
    "Proseware Labs",
    "Coho Vineyard",
    "Margie's Travel",
    "Blue Yonder Airlines",
    "Fourth Coffee",
    "Lucerne Publishing",
    "Trey Research",
    "Woodgrove Bank",
    "Alpine Ski House",
    "Humongous Insurance",
    "Graphic Design Institute",
    "City Power & Light",
    "Consolidated Messenger",
)
# Each archetype exercises one health rule so the demo shows every signal.
DEMO_ARCHETYPES = (
    "healthy",
    "inactive",
    "stalled_deal",
    "engagement_drop",
    "renewal_near",
    "at_risk",
    "never_active",
    "onboarding",
)


@dataclass
class DemoReport:
    created: int = 0
    existing: int = 0


def demo_external_id(index: int) -> str:
    # The first demo account is the one the README's and the seed's examples use.
    return "ACC-12345" if index == 0 else f"ACC-{20000 + index}"


DEMO_HISTORY_DAYS = 90


def seed_demo(*, accounts: int = 24, now: dt.datetime | None = None) -> DemoReport:
    """Create deterministic demo accounts; an account that already exists is left untouched. The
    new ones get their health history of the last DEMO_HISTORY_DAYS days from their facts, so
    trends show at once."""
    now = now or timezone.now()
    users = get_user_model()
    owners = []
    for username in DEMO_OWNERS:
        owner, created = users.objects.get_or_create(
            username=username, defaults={"first_name": username.title(), "email": f"{username}@example.com"}
        )
        if created:
            owner.set_unusable_password()
            owner.save(update_fields=["password"])
        owners.append(owner)

    report = DemoReport()
    created = []
    for index in range(accounts):
        external_id = demo_external_id(index)
        if Account.objects.filter(external_id=external_id).exists():
            report.existing += 1
            continue
        with transaction.atomic():
            account = _create_demo_account(index, external_id, owners, now)
            health_refresh(account, now=now)
        created.append(account.pk)
        report.created += 1
    if created:
        # The new accounts are one id range (the ids of an old one in it would only gain history).
        backfill(DEMO_HISTORY_DAYS, Account.objects.filter(pk__gte=min(created), pk__lte=max(created)), now=now)
    return report


def _create_demo_account(index: int, external_id: str, owners: list, now: dt.datetime) -> Account:
    rng = random.Random(index)  # the same index always gives the same account
    archetype = DEMO_ARCHETYPES[index % len(DEMO_ARCHETYPES)]
    base_name = DEMO_NAMES[index % len(DEMO_NAMES)]
    name = base_name if index < len(DEMO_NAMES) else f"{base_name} {index // len(DEMO_NAMES) + 1}"
    status = {"at_risk": Account.Status.AT_RISK, "onboarding": Account.Status.ONBOARDING}.get(
        archetype, Account.Status.ACTIVE
    )
    renewal_days = rng.randint(30, 80) if archetype == "renewal_near" else rng.randint(150, 600)
    account = Account.objects.create(
        external_id=external_id,
        name=name,
        owner=owners[index % len(owners)],
        status=status,
        industry=DEMO_INDUSTRIES[index % len(DEMO_INDUSTRIES)],
        annual_revenue=Decimal(rng.randrange(50_000, 5_000_000, 1_000)),
        contract_end=(now + dt.timedelta(days=renewal_days)).date(),
    )

    activity_days: list[int] = []
    if archetype == "inactive":
        activity_days = [45, 60, 75]
    elif archetype == "at_risk":
        activity_days = [40, 50]
    elif archetype == "engagement_drop":
        activity_days = [10, 32, 35, 38, 41, 44, 50]
    elif archetype != "never_active":
        activity_days = sorted(rng.sample(range(1, 60), 8))
    kinds = list(Activity.Kind.values)
    Activity.objects.bulk_create(
        Activity(
            account=account,
            kind=kinds[(index + offset) % len(kinds)],
            occurred_at=now - dt.timedelta(days=days, hours=rng.randint(0, 8)),
            subject=f"{kinds[(index + offset) % len(kinds)].replace('_', ' ').title()} with {name}",
        )
        for offset, days in enumerate(activity_days)
    )

    stage_age = 50 if archetype == "stalled_deal" else rng.randint(2, 20)
    Deal.objects.bulk_create(
        [
            Deal(
                account=account,
                name=f"{name} expansion",
                stage=Deal.Stage.NEGOTIATION if archetype == "stalled_deal" else Deal.Stage.PROPOSAL,
                amount=Decimal(rng.randrange(10_000, 250_000, 500)),
                probability=rng.choice([30, 50, 70]),
                close_date=(now + dt.timedelta(days=rng.randint(20, 120))).date(),
                stage_changed_at=now - dt.timedelta(days=stage_age),
            ),
            Deal(
                account=account,
                name=f"{name} renewal {now.year - 1}",
                stage=Deal.Stage.CLOSED_WON,
                amount=Decimal(rng.randrange(10_000, 250_000, 500)),
                probability=100,
                close_date=(now - dt.timedelta(days=300)).date(),
                stage_changed_at=now - dt.timedelta(days=300),
            ),
        ]
    )
    return account
