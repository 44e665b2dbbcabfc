"""The WSGI application, for a WSGI server; ``make run`` serves ``sergas.asgi`` instead."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sergas.settings")

application = get_wsgi_application()
