"""The ASGI application: ``uvicorn sergas.asgi:application`` (``make run``)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")
django.setup(set_prefix=False)

from sergas.handlers import SyncChainASGIHandler  # noqa: E402  (needs the apps loaded)

application = SyncChainASGIHandler()
