"""The app's settings with ``bench/floor_urls.py`` in front, for ``bench/vote_floor.py``."""

from cocreate.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
