"""import_accounts: good rows land, bad rows are reported by line, nothing is half-written."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from accounts.models import Account
from tests.factories import AccountFactory, UserFactory
from tests.support.commands import run_command

pytestmark = pytest.mark.django_db


def run_import(path, capsys):
    return run_command("import_accounts", str(path), capsys=capsys)


def test_csv_with_good_and_bad_rows_imports_the_good_and_reports_the_bad(tmp_path, capsys):
    UserFactory(username="alice")
    path = tmp_path / "accounts.csv"
    path.write_text(
        "external_id,name,status,industry,annual_revenue,contract_end,owner\n"
        "ACC-1,Northwind,active,Retail,1000.50,2027-01-31,alice\n"
        "ACC-2,Contoso,sleeping,Retail,10,,\n"
        "ACC-3,Fabrikam,at_risk,Energy,not-a-number,2027-02-30,\n"
        "ACC-4,Tailspin,churned,,,,nobody\n"
        ",Missing id,active,,,,\n"
        "ACC-5,Litware,onboarding,Software,,,\n",
        encoding="utf-8",
    )
    code, out, err = run_import(path, capsys)

    assert code == 1
    assert sorted(Account.objects.values_list("external_id", flat=True)) == ["ACC-1", "ACC-5"]
    northwind = Account.objects.get(external_id="ACC-1")
    assert northwind.owner.username == "alice"
    assert northwind.annual_revenue == Decimal("1000.50")
    assert northwind.contract_end == dt.date(2027, 1, 31)
    assert "line 3: status" in err
    assert "line 4:" in err and "annual_revenue" in err and "contract_end" in err
    assert "line 5: owner: no user named 'nobody'" in err
    assert "line 6: external_id" in err
    assert "2 created, 0 updated, 4 bad row(s)" in out


def test_rows_upsert_by_external_id_and_keep_columns_the_file_does_not_have(tmp_path, capsys):
    owner = UserFactory(username="bob")
    AccountFactory(external_id="ACC-9", name="Old name", owner=owner, industry="Energy")
    path = tmp_path / "update.csv"
    path.write_text("external_id,name\nACC-9,New name\n", encoding="utf-8")

    code, out, _ = run_import(path, capsys)

    assert code == 0
    account = Account.objects.get(external_id="ACC-9")
    assert (account.name, account.industry, account.owner) == ("New name", "Energy", owner)
    assert "0 created, 1 updated" in out


def test_a_bad_update_leaves_the_stored_account_untouched(tmp_path, capsys):
    AccountFactory(external_id="ACC-7", name="Kept", status="active")
    path = tmp_path / "bad.csv"
    path.write_text("external_id,name,status\nACC-7,Changed,unknown\n", encoding="utf-8")

    code, _, _ = run_import(path, capsys)

    assert code == 1
    account = Account.objects.get(external_id="ACC-7")
    assert (account.name, account.status) == ("Kept", "active")


def test_json_list_of_objects(tmp_path, capsys):
    path = tmp_path / "accounts.json"
    path.write_text(
        json.dumps(
            [
                {"external_id": "ACC-21", "name": "Coho", "annual_revenue": 2500, "status": "active"},
                {"external_id": "ACC-22", "name": "Proseware", "colour": "blue"},
                "not an object",
            ]
        ),
        encoding="utf-8",
    )
    code, _, err = run_import(path, capsys)

    assert code == 1
    assert Account.objects.get(external_id="ACC-21").annual_revenue == Decimal("2500")
    assert "item 2: unknown key(s): colour" in err
    assert "item 3: not an object" in err


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("typo.csv", "extrenal_id,name\nACC-1,X\n", "unknown column(s): extrenal_id"),
        ("broken.json", "[{", "invalid JSON"),
        ("object.json", '{"external_id": "ACC-1"}', "must hold a list"),
    ],
)
def test_an_unreadable_file_imports_nothing_and_exits_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, _, err = run_import(path, capsys)
    assert code == 2
    assert message in err
    assert not Account.objects.exists()


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run_import(tmp_path / "nope.csv", capsys)
    assert code == 2
    assert "no such file" in err
