"""The Redis cache is optional at run time: with Redis down, cache calls are misses, not errors."""

import logging
import socket
import time
import uuid
from contextlib import closing

import pytest
from django_redis.cache import RedisCache

from cocreate.settings import REDIS_CACHE_OPTIONS

LOCAL_REDIS = "redis://127.0.0.1:6379/3"


def _redis_cache(location):
    # Same backend and OPTIONS as settings.CACHES uses when REDIS_URL is set.
    return RedisCache(location, {"OPTIONS": dict(REDIS_CACHE_OPTIONS)})


def _closed_port():
    """A loopback port nothing listens on (bound for a moment by us, then released)."""
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_server():
    """A loopback port that accepts TCP connections but never answers: a hung Redis."""
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


def _timed(call, *args):
    start = time.monotonic()
    result = call(*args)
    # Each call is bounded by SOCKET_CONNECT_TIMEOUT / SOCKET_TIMEOUT (0.5 s), not by the OS.
    assert time.monotonic() - start < 1.5, f"{call.__name__} stalled on a dead Redis"
    return result


def _assert_cache_calls_are_misses(cache, caplog):
    start = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="django_redis"):
        assert _timed(cache.set, "resilience-key", 1) is None
        assert _timed(cache.get, "resilience-key", "fallback") == "fallback"
        _timed(cache.delete, "resilience-key")
    assert time.monotonic() - start < 3
    # DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS: the swallowed errors are still logged.
    assert any(r.name.startswith("django_redis") for r in caplog.records)


def test_closed_port_gives_misses_quickly(caplog):
    _assert_cache_calls_are_misses(_redis_cache(f"redis://127.0.0.1:{_closed_port()}/0"), caplog)


def test_unresponsive_server_gives_misses_quickly(silent_server, caplog):
    _assert_cache_calls_are_misses(_redis_cache(f"redis://127.0.0.1:{silent_server}/0"), caplog)


def _local_redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(
    not _local_redis_reachable(), reason="no Redis server reachable on 127.0.0.1:6379"
)
def test_real_redis_set_then_get():
    cache = _redis_cache(LOCAL_REDIS)
    key = f"resilience-{uuid.uuid4().hex}"
    try:
        cache.set(key, {"n": 1}, timeout=30)
        assert cache.get(key) == {"n": 1}
    finally:
        cache.delete(key)
