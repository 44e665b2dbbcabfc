"""Hot-path row writes store exactly what Model.save() would."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db.models import signals
from django.utils import timezone

from copilot.models import AnalysisRequest, BulkRunItem, Thread, TokenUsage
from sergas.rowwrites import insert_row, insert_rows, update_row
from tests.factories import AccountFactory, BulkRunFactory, BulkRunItemFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every model the analysis service writes with these helpers.
WRITTEN_FAST = [AnalysisRequest, TokenUsage, Thread, BulkRunItem]


def stored(instance):
    """The row as the ORM reads it back, field by field."""
    fresh = type(instance).objects.get(pk=instance.pk)
    return {field.attname: getattr(fresh, field.attname) for field in type(instance)._meta.concrete_fields}


@pytest.mark.parametrize("model", WRITTEN_FAST)
def test_no_model_the_helpers_write_has_save_signal_receivers(model):
    """The helpers send no signals, so a receiver added later must not be silently skipped."""
    assert not signals.pre_save.has_listeners(model)
    assert not signals.post_save.has_listeners(model)


def analysis(**fields) -> AnalysisRequest:
    account, user = AccountFactory(), UserFactory()
    defaults = dict(
        account=account,
        user=user,
        source="api",
        system_prompt="You help — «quoted» \N{SNOWMAN}",
        messages=[{"role": "user", "content": 'Ünïcode and "quotes"'}],
        prompt="Ünïcode",
        model="glm-4.6",
        provider="z.ai",
        latency_ms=12.5,
        cache_hit=True,
    )
    return AnalysisRequest(**{**defaults, **fields})


def test_an_inserted_row_reads_back_as_the_orm_would_have_saved_it():
    by_orm, fast = analysis(), analysis()
    by_orm.save()
    insert_row(fast)

    expected, got = stored(by_orm), stored(fast)
    for name in ("id", "account_id", "user_id", "created_at"):
        expected.pop(name), got.pop(name)
    assert got == expected
    assert fast.pk is not None and not fast._state.adding
    assert abs(fast.created_at - timezone.now()) < dt.timedelta(minutes=1)  # auto_now_add ran


def test_rows_inserted_together_read_back_as_bulk_create_would_have_saved_them():
    accounts = AccountFactory.create_batch(3)
    by_orm, fast = BulkRunFactory(), BulkRunFactory()
    BulkRunItem.objects.bulk_create([BulkRunItem(run=by_orm, account=account) for account in accounts])

    insert_rows([BulkRunItem(run_id=fast.pk, account_id=account.pk) for account in accounts])

    def rows(run):
        return [
            {name: value for name, value in stored(item).items() if name not in ("id", "run_id", "updated_at")}
            for item in run.items.order_by("account_id")
        ]

    assert rows(fast) == rows(by_orm) and len(rows(fast)) == 3
    assert all(abs(item.updated_at - timezone.now()) < dt.timedelta(minutes=1) for item in fast.items.all())


def test_decimals_and_a_primary_key_given_by_the_caller_are_stored_exactly():
    record = insert_row(analysis())
    usage = insert_row(
        TokenUsage(
            analysis_request=record,
            model="glm-4.6",
            input_tokens=120,
            output_tokens=30,
            cost_usd=Decimal("0.000000123456"),
            created_at=record.created_at,
        )
    )
    thread_id = uuid.uuid4()
    insert_row(Thread(id=thread_id, user=record.user, key="k-1", account=record.account))

    assert TokenUsage.objects.get(pk=usage.pk).cost_usd == Decimal("0.000000123456")
    assert Thread.objects.get(pk=thread_id).key == "k-1"


def test_an_update_writes_only_the_named_fields_and_refreshes_auto_now():
    record = insert_row(analysis())
    record.status, record.response, record.prompt = "succeeded", "The answer.", "changed in memory only"

    assert update_row(record, ["status", "response"])

    fresh = AnalysisRequest.objects.get(pk=record.pk)
    assert (fresh.status, fresh.response, fresh.prompt) == ("succeeded", "The answer.", "Ünïcode")
    item = BulkRunItemFactory()
    before = item.updated_at
    item.status = "succeeded"
    update_row(item, ["status", "updated_at"])
    assert BulkRunItem.objects.get(pk=item.pk).updated_at > before


def test_a_conditional_update_changes_nothing_once_the_row_moved_on():
    item = BulkRunItemFactory()
    BulkRunItem.objects.filter(pk=item.pk).update(status="running")  # another worker, meanwhile
    item.status, item.attempts = "running", 1

    claimed = update_row(item, ["status", "attempts"], only_if={"status": "pending", "attempts": 0})

    assert not claimed
    assert BulkRunItem.objects.filter(pk=item.pk, attempts=0).exists()
