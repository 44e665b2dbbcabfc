import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Account, Activity, Deal
from copilot.models import AnalysisRequest, Source, Thread, TokenUsage


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

    external_id = factory.Sequence(lambda n: f"ACC-{10000 + n}")
    name = factory.Sequence(lambda n: f"Account {n}")
    owner = factory.SubFactory(UserFactory)
    status = Account.Status.ACTIVE
    industry = "Software"
    annual_revenue = Decimal("1000000.00")
    contract_end = None


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    account = factory.SubFactory(AccountFactory)
    name = factory.Sequence(lambda n: f"Deal {n}")
    stage = Deal.Stage.PROPOSAL
    amount = Decimal("50000.00")
    probability = 50
    stage_changed_at = factory.LazyFunction(timezone.now)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    account = factory.SubFactory(AccountFactory)
    kind = Activity.Kind.CALL
    occurred_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    subject = "Quarterly check-in"


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
