"""config.settings plus one constant endpoint, /bench/floor, for the lists benchmark."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.lists.floor_urls"
