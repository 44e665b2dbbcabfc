"""The whole stack for the JavaScript client and browser tests: a fresh database with two
managers (morgan owns ACC-77, at risk, and ACC-12; riley owns ACC-88) and a third for the app's
actions (sam owns ACC-31, no activity yet, and ACC-44, with open actions on both), 30 days of health
snapshots back-filled from those facts (ACC-12's only call is today's), their tokens, the provider
double, and uvicorn serving the project, all on loopback. All log in with PASSWORD.

    python -m tests.support.agui_stack      # prints one JSON line, serves until stdin closes

Test tooling, like the provider double: product code never imports it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.provider_double import ProviderDouble
from tests.support.servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
KEY = "agui-stack-key-not-secret"
PASSWORD = "not-a-secret-password"

SETUP = f"""
PASSWORD = {PASSWORD!r}
import django; django.setup()
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from accounts.models import Account
manager = User.objects.create_user("morgan", password=PASSWORD)
other = User.objects.create_user("riley", password=PASSWORD)
from django.utils import timezone
from accounts.models import Activity
Account.objects.create(external_id="ACC-77", name="Globex", status="at_risk", owner=manager)
steady = Account.objects.create(external_id="ACC-12", name="Initech", status="active", owner=manager)
Activity.objects.create(account=steady, kind="call", subject="Quarterly review", occurred_at=timezone.now())
Account.objects.create(external_id="ACC-88", name="Umbrella", status="active", owner=other)
# sam's actions, as propose_actions stores them: one overdue, one accepted, one on another account.
import datetime as dt
from copilot.actions.services import Proposal, recommendations_propose, recommendation_accept
from copilot.models import Recommendation
actor = User.objects.create_user("sam", password=PASSWORD)
hooli = Account.objects.create(external_id="ACC-31", name="Hooli", status="active", owner=actor)
vandelay = Account.objects.create(external_id="ACC-44", name="Vandelay", status="active", owner=actor)
def propose(account, *actions):
    proposals = [Proposal(title, kind, priority, days, why) for title, kind, priority, days, why in actions]
    return recommendations_propose(account=account, proposals=proposals, request=None, user=actor).stored
late, renewal, review = propose(
    hooli,
    ("Call the sponsor", "call", "high", 0, "Nobody has talked to Hooli yet."),
    ("Send the renewal terms", "email", "medium", 6, "The contract needs terms before the renewal."),
    ("Book a quarterly review", "meeting", "low", 20, "A review keeps the sponsor close."),
)
Recommendation.objects.filter(pk=late.pk).update(due_on=late.due_on - dt.timedelta(days=3))
recommendation_accept(review, user=actor)
propose(vandelay, ("Answer the open ticket", "support_ticket", "high", 2, "A ticket has waited since Monday."))
propose(Account.objects.get(external_id="ACC-88"), ("Call Umbrella", "call", "high", 1, "Riley's, not sam's."))
print(Token.objects.create(user=manager).key, Token.objects.create(user=other).key)
"""


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the server below is stopped too
    double = ProviderDouble(api_key=KEY).start()
    folder = tempfile.mkdtemp(prefix="agui-stack-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sergas.settings",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "ANTHROPIC_API_KEY": KEY,
        "ANTHROPIC_BASE_URL": double.url,
        "LLM_PROVIDER_NAME": "z.ai",
        "COPILOT_RATE_LIMIT": "100000/min",
        "GLM_MAX_RETRIES": "1",  # a scripted provider failure fails after two attempts
        "LOG_LEVEL": "WARNING",
    }
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], **run)
    token, other_token = subprocess.run([sys.executable, "-c", SETUP], **run).stdout.split()
    # A month of daily health from the facts as they stood, as seed_demo gives a new install.
    subprocess.run([sys.executable, "manage.py", "snapshot_health", "--backfill", "30"], **run)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "sergas.asgi:application", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/copilotkit/health", server, what="the ASGI server")
        stack = {"url": url, "token": token, "otherToken": other_token, "double": double.url, "password": PASSWORD}
        print(json.dumps(stack), flush=True)
        sys.stdin.read()  # until the test runner closes it, or ends
    finally:
        server.terminate()
        server.wait(timeout=10)
        double.stop()


if __name__ == "__main__":
    main()
