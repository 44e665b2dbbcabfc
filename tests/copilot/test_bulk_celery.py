"""Scale-out: a bulk run end to end through a real Celery worker process, Redis and the database."""

import uuid

import pytest
import redis
from django.db.models import Count

from copilot.models import AnalysisRequest, BulkRun
from tests.copilot.conftest import TEST_API_KEY
from tests.factories import AccountFactory
from tests.support.processes import project_env, start_celery_worker, start_manage, stop_processes

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BROKER = "redis://127.0.0.1:6379/15"
CACHE = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_server():
    try:
        for url in (BROKER, CACHE):
            redis.Redis.from_url(url).flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")


@pytest.fixture
def worker_env(provider, redis_server):
    return project_env(provider, TEST_API_KEY, CELERY_BROKER_URL=BROKER, CACHE_URL=CACHE)


@pytest.fixture
def celery_worker(worker_env):
    process = start_celery_worker(worker_env, concurrency=4, name=f"test-{uuid.uuid4().hex[:8]}")
    yield process
    stop_processes(process)


def test_a_bulk_run_goes_end_to_end_through_a_celery_worker(provider, worker_env, celery_worker):
    accounts = [AccountFactory(external_id=f"ACC-C{n:02d}") for n in range(12)]
    provider.latency = 0.05

    command = start_manage(
        worker_env, "analyze_accounts", "--all", "--backend", "celery", "--rpm", "6000", "--format", "json"
    )
    out, err = command.communicate(timeout=180)

    assert command.returncode == 0, out + err
    run = BulkRun.objects.get()
    assert (run.backend, run.status) == ("celery", "completed")
    succeeded = AnalysisRequest.objects.filter(bulk_run=run, status="succeeded", source="bulk")
    per_account = dict(succeeded.values_list("account__external_id").annotate(n=Count("pk")).order_by())
    assert per_account == {account.external_id: 1 for account in accounts}
    assert len(provider.requests) == len(accounts)


def test_no_wait_returns_the_run_id_and_the_workers_finish_it(provider, worker_env, celery_worker):
    from tests.support.processes import wait_for

    AccountFactory.create_batch(5)
    command = start_manage(worker_env, "analyze_accounts", "--all", "--backend", "celery", "--no-wait")
    out, err = command.communicate(timeout=60)
    assert command.returncode == 0, out + err
    run = BulkRun.objects.get()
    assert f"run {run.pk}" in out
    wait_for(lambda: BulkRun.objects.get(pk=run.pk).status == "completed", timeout=120)
    assert run.items.filter(status="succeeded").count() == 5


def test_request_limits_are_shared_through_redis_by_independent_workers(redis_server, settings):
    from copilot import ratelimit
    from copilot.bulk import throttle

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE}}
    run = BulkRun(pk=777001, question="q", rpm_limit=3)
    first_worker = throttle.Throttle(run)
    ratelimit._storage.cache_clear()  # a second worker has its own connection, sharing only Redis
    second_worker = throttle.Throttle(run)
    assert first_worker.limiter is not second_worker.limiter

    assert [first_worker.delay(), first_worker.delay(), second_worker.delay()] == [0, 0, 0]
    assert second_worker.delay() > 0  # the window both share is full
    assert first_worker.delay() > 0
