"""The WSGI application, for a WSGI server; ``make run`` serves ``sergas.asgi`` instead."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")
django.setup(set_prefix=False)

from sergas.handlers import StaticFilesWSGIHandler  # noqa: E402  (needs the apps loaded)

application = StaticFilesWSGIHandler()
