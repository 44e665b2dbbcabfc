"""Who sees which account: the query set for lists and the single lookup every API call makes
apply one rule and give the same answers."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.selectors import visible_account, visible_accounts
from tests.factories import AccountFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    AccountFactory(external_id="ACC-ALICE", owner=alice)
    AccountFactory(external_id="ACC-BOB", owner=bob)
    AccountFactory(external_id="ACC-NOBODY", owner=None)
    return {"alice": alice, "bob": bob, "staff": StaffUserFactory(), "anonymous": AnonymousUser(), "none": None}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("alice", {"ACC-ALICE"}),
        ("bob", {"ACC-BOB"}),
        ("staff", {"ACC-ALICE", "ACC-BOB", "ACC-NOBODY"}),
        ("anonymous", set()),
        ("none", set()),
    ],
)
def test_the_list_and_the_single_lookup_agree_on_who_sees_what(owners, who, sees):
    user = owners[who]

    assert set(visible_accounts(user).values_list("external_id", flat=True)) == sees
    found = {
        external_id
        for external_id in ("ACC-ALICE", "ACC-BOB", "ACC-NOBODY", "ACC-MISSING")
        if visible_account(user, external_id) is not None
    }
    assert found == sees


def test_the_single_lookup_returns_the_whole_account(owners):
    account = visible_account(owners["alice"], "ACC-ALICE")

    assert account == visible_accounts(owners["alice"]).get()
    assert account.owner_id == owners["alice"].pk
    assert account.name
