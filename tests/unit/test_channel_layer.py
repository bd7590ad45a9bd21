"""The channel layer's Redis client must outwait its own blocking receive."""

from __future__ import annotations

from channels.layers import get_channel_layer


def test_the_redis_read_timeout_is_longer_than_the_blocking_receive():
    layer = get_channel_layer()
    pool = layer.create_pool(0)
    timeout = pool.connection_kwargs["socket_timeout"]
    # None would wait forever on a dead Redis; at or under brpop_timeout an idle socket dies.
    assert timeout is not None
    assert timeout >= 3 * layer.brpop_timeout
    assert pool.connection_kwargs["socket_keepalive"] is True
