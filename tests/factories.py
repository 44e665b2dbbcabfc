import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.history.services import health_refresh
from accounts.models import Account, Activity, Deal
from copilot.ledger import pricing, rollups
from copilot.models import (
    AnalysisRequest,
    BulkRun,
    BulkRunItem,
    LLMModel,
    ModelPrice,
    Provider,
    Recommendation,
    Source,
    TaskRoute,
    Thread,
    TokenUsage,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"manager{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        django_get_or_create = ("external_id",)
        skip_postgeneration_save = True

    external_id = factory.Sequence(lambda n: f"ACC-{10000 + n}")
    name = factory.Sequence(lambda n: f"Account {n}")
    owner = factory.SubFactory(UserFactory)
    status = Account.Status.ACTIVE
    industry = "Software"
    annual_revenue = Decimal("1000000.00")
    contract_end = None

    @factory.post_generation
    def stored_health(account, create, extracted, **kwargs):
        # Like every write path of the app (services, admin), a new account's health is stored.
        if create:
            health_refresh(account)


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal
        skip_postgeneration_save = True

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Deal {n}")
    stage = Deal.Stage.PROPOSAL
    amount = Decimal("50000.00")
    probability = 50
    stage_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def stored_health(deal, create, extracted, **kwargs):
        if create:
            health_refresh(deal.account)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    account = factory.SubFactory(AccountFactory)
    kind = Activity.Kind.CALL
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    subject = "Quarterly check-in"

    @factory.post_generation
    def stored_health(activity, create, extracted, **kwargs):
        if create:
            health_refresh(activity.account)


class ModelPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModelPrice

    model = factory.Sequence(lambda n: f"model-{n}")
    input_usd_per_mtok = Decimal("1.00")
    output_usd_per_mtok = Decimal("2.00")
    effective_from = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    key = factory.Sequence(lambda n: f"thread-{n}")
    user = factory.SubFactory(UserFactory)


class AnalysisRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnalysisRequest

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)
    source = Source.API
    prompt = "Analyze this account"
    messages = factory.LazyAttribute(lambda request: [{"role": "user", "content": request.prompt}])
    model = "glm-4.6"
    provider = "z.ai"
    status = AnalysisRequest.Status.SUCCEEDED
    response = "The account is healthy."


class TokenUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TokenUsage

    analysis_request = factory.SubFactory(AnalysisRequestFactory)
    model = "glm-4.6"
    input_tokens = 1000
    output_tokens = 500
    created_at = factory.LazyFunction(timezone.now)


def finished_call(
    *,
    at: dt.datetime | None = None,
    tokens: tuple[int, int, int, int] = (1000, 500, 0, 0),
    **fields,
) -> AnalysisRequest:
    """A finished call as the analysis service leaves it: the request, its usage priced from
    ModelPrice when it succeeded, and its rollups, written in one transaction. ``tokens`` are
    input, output, cache read and cache creation."""
    fields.setdefault("latency_ms", 800.0)
    if fields.get("status", AnalysisRequest.Status.SUCCEEDED) != AnalysisRequest.Status.SUCCEEDED:
        fields.setdefault("response", "")  # a failed call has no answer
    fields.setdefault("finished_at", timezone.now())
    with transaction.atomic():
        record = AnalysisRequestFactory(**fields)
        if at is not None:  # created_at is auto_now_add: set it afterwards
            AnalysisRequest.objects.filter(pk=record.pk).update(created_at=at)
            record.created_at = at
        usage = None
        if record.status == AnalysisRequest.Status.SUCCEEDED:
            counts = dict(
                zip(
                    ("input_tokens", "output_tokens", "cache_read_tokens", "cache_creation_tokens"), tokens, strict=True
                )
            )
            price = pricing.price_for(record.model, record.created_at)
            usage = TokenUsage.objects.create(
                analysis_request=record,
                model=record.model,
                price=price,
                cost_usd=pricing.cost_usd(price, **counts) if price else None,
                created_at=record.created_at,
                **counts,
            )
        rollups.record_finished(record, usage)
    return record


class BulkRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulkRun

    question = "Give a health review of this account."


class BulkRunItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BulkRunItem

    run = factory.SubFactory(BulkRunFactory)
    account = factory.SubFactory(AccountFactory)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"provider-{n}")
    base_url = "http://127.0.0.1:9"
    api_key_env = "CLAUDE_API_KEY"


class LLMModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LLMModel
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"model-{n}")
    provider = factory.SubFactory(ProviderFactory)


def route_set(task: str, *, model: LLMModel | None, fallback: LLMModel | None = None) -> TaskRoute:
    """What a staff member's edit in the admin leaves: the task's route on these models."""
    route, _ = TaskRoute.objects.update_or_create(task=task, defaults={"model": model, "fallback": fallback})
    return route


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A proposed action; ``created_at`` may be given (it is auto_now_add: set afterwards)."""

    class Meta:
        model = Recommendation

    account = factory.SubFactory(AccountFactory)
    title = factory.Sequence(lambda n: f"Call the sponsor {n}")
    title_key = factory.LazyAttribute(lambda rec: "".join(rec.title.split()).casefold())
    kind = Recommendation.Kind.CALL
    priority = Recommendation.Priority.HIGH
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3))
    rationale = "No contact in 45 days."

    @classmethod
    def _create(cls, model_class, *args, created_at=None, **kwargs):
        recommendation = super()._create(model_class, *args, **kwargs)
        if created_at is not None:
            model_class.objects.filter(pk=recommendation.pk).update(created_at=created_at)
            recommendation.created_at = created_at
        return recommendation
