import pytest


@pytest.fixture(autouse=True)
def _forget_login_failures():
    """Login failure counters live in the cache (Valkey), which outlives a test's transaction."""
    from django.core.cache import cache

    cache.clear()
