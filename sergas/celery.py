"""Celery for scale-out bulk runs. Enabled by CELERY_BROKER_URL; see README for workers."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")

app = Celery("sergas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["copilot.bulk"])
