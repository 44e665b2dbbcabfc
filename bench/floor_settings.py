"""The project's settings with the bench's floor endpoints (``bench.floor_urls``) in front."""

from sergas.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
