"""The ASGI application: ``uvicorn sergas.asgi:application`` (``make run``)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")

application = get_asgi_application()
