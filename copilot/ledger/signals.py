"""Keep the rollups equal to the raw rows when an account or a user is deleted: their calls
stay, with no account or user (SET_NULL), and so do their rollups."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.models import Account
from copilot.ledger import rollups
from copilot.models import DailyAccountUsage, DailyUserUsage


@receiver(post_delete, sender=Account, dispatch_uid="copilot_rollups_account_deleted")
def _account_deleted(sender, instance, **kwargs):
    rollups.fold_into_none(DailyAccountUsage, "account_pk", instance.pk)


@receiver(post_delete, sender=get_user_model(), dispatch_uid="copilot_rollups_user_deleted")
def _user_deleted(sender, instance, **kwargs):
    rollups.fold_into_none(DailyUserUsage, "user_pk", instance.pk)
