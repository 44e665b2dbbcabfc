"""``Account.facts_version``: the database gives an account a new token on every write to its
deals, activities and health snapshots, however the write is made."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Account, Activity, Deal, HealthSnapshot
from tests.factories import AccountFactory, ActivityFactory, DealFactory

pytestmark = pytest.mark.django_db


def token(account: Account) -> int:
    return Account.objects.values_list("facts_version", flat=True).get(pk=account.pk)


def changes(account: Account, write) -> bool:
    before = token(account)
    write()
    return token(account) != before


def test_each_new_account_has_a_token_of_its_own():
    assert len({account.facts_version for account in AccountFactory.create_batch(5)}) == 5


def test_every_kind_of_write_to_an_accounts_records_gives_it_a_new_token():
    account = AccountFactory()
    deal = DealFactory(account=account)
    activity = ActivityFactory(account=account)
    today = timezone.localdate()

    assert changes(account, lambda: ActivityFactory(account=account))
    renewal = Deal(account=account, name="Renewal", amount=1, stage_changed_at=timezone.now())
    assert changes(account, lambda: Deal.objects.bulk_create([renewal]))
    assert changes(account, lambda: Deal.objects.filter(pk=deal.pk).update(amount=2))
    assert changes(account, lambda: activity.delete())
    last_week = today - dt.timedelta(days=7)  # the factories stored today's
    assert changes(account, lambda: HealthSnapshot.objects.create(account=account, day=last_week, score=70))
    assert changes(account, lambda: HealthSnapshot.objects.filter(account=account).delete())

    def raw_insert():  # another program writing to the database
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_activity (account_id, kind, occurred_at, subject) VALUES (%s, %s, %s, %s)",
                [account.pk, Activity.Kind.NOTE, timezone.now(), "Typed in elsewhere"],
            )

    assert changes(account, raw_insert)


def test_a_record_moved_to_another_account_changes_both_tokens():
    account, other = AccountFactory(), AccountFactory()
    deal = DealFactory(account=account)
    before = token(account), token(other)

    Deal.objects.filter(pk=deal.pk).update(account=other)

    assert token(account) != before[0]
    assert token(other) != before[1]


def test_a_write_to_another_accounts_records_leaves_the_token_alone():
    account, other = AccountFactory(), AccountFactory()
    DealFactory(account=account)

    assert not changes(account, lambda: ActivityFactory(account=other))


def test_saving_an_old_copy_of_the_account_keeps_the_token_the_database_gave_it():
    account = AccountFactory()
    ActivityFactory(account=account)  # a new token; ``account`` still holds an older one
    given = token(account)
    account.name = "Renamed"

    account.save()

    assert token(account) == given
    assert Account.objects.get(pk=account.pk).name == "Renamed"
