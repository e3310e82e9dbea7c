"""cms/live.py: an event published from a sync thread reaches an SSE stream, in one process with the
in-memory layer (the embedded default), and from another process through Redis (production)."""

import asyncio
import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from cms import live

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/5"


@pytest.fixture
def server_loop():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def _consume(loop, group, joined: threading.Event, until: bytes):
    """Open a stream on the server loop; return a future of every chunk up to the one containing `until`."""

    async def initial():
        joined.set()
        return {"type": "state", "phase": "lobby"}

    async def read():
        live.remember_loop()
        response = live.stream(None, group, initial, lifetime=10, heartbeat=0.5)
        chunks = []
        async for chunk in response.streaming_content:
            chunks.append(bytes(chunk))
            if until in chunk:
                break
        return chunks

    return asyncio.run_coroutine_threadsafe(read(), loop)


def _events(chunks) -> list[dict]:
    return [json.loads(c[len(b"data: ") :]) for c in chunks if c.startswith(b"data: ")]


def test_a_sync_thread_publishes_to_a_stream_in_the_same_process(settings, server_loop):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    joined = threading.Event()
    result = _consume(server_loop, "test.inmemory", joined, "Câu-tiếp".encode())
    assert joined.wait(5)
    sent = []
    worker = threading.Thread(target=lambda: sent.append(live.publish("test.inmemory", {"type": "Câu-tiếp"})))
    worker.start()
    worker.join(5)
    chunks = result.result(timeout=10)
    assert sent == [True]
    assert chunks[0].startswith(b"retry: ")
    assert _events(chunks) == [{"type": "state", "phase": "lobby"}, {"type": "Câu-tiếp"}]


def test_the_stream_beats_and_ends_by_itself(settings, server_loop):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    async def read():
        live.remember_loop()

        async def initial():
            return {"type": "state"}

        response = live.stream(None, "test.beat", initial, lifetime=1.2, heartbeat=0.5)
        return [bytes(c) async for c in response.streaming_content]

    chunks = asyncio.run_coroutine_threadsafe(read(), server_loop).result(timeout=10)
    assert chunks.count(b": heartbeat\n\n") >= 2  # then the stream ended on its own (EventSource reconnects)


def test_without_a_server_loop_the_in_memory_layer_publishes_nothing(settings, monkeypatch):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    monkeypatch.setattr(live, "_server_loop", None)
    assert live.publish("test.none", {"type": "x"}) is False


def test_another_process_publishes_through_redis(settings, server_loop):
    prefix = f"kmmtest{uuid.uuid4().hex[:8]}"
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": prefix},
        }
    }
    joined = threading.Event()
    result = _consume(server_loop, "test.redis", joined, "từ-tiến-trình-khác".encode())
    assert joined.wait(10)
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "CHANNELS_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "cms.settings",
    }
    env.pop("DATABASE_URL", None)
    script = (
        "import django; django.setup(); from cms import live; "
        "print(live.publish('test.redis', {'type': 'từ-tiến-trình-khác'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().endswith("True"), done.stderr
    chunks = result.result(timeout=10)
    assert _events(chunks)[-1] == {"type": "từ-tiến-trình-khác"}


@pytest.mark.django_db(transaction=True)
def test_a_streams_read_leaves_no_database_connection_open():
    """Each ASGI request runs its sync code in a thread of its own: a stream that kept that thread's
    connection would hold it for minutes (500 phones, 500 PostgreSQL connections)."""
    from asgiref.sync import async_to_sync
    from django.db import connections

    if connections["default"].vendor == "sqlite":
        pytest.skip("Django never closes SQLite's in-memory test database; the suite runs on PostgreSQL")
    seen = {}

    def state():
        wrapper = connections["default"]
        wrapper.ensure_connection()
        seen["wrapper"], seen["open"] = wrapper, wrapper.connection is not None
        return {"type": "state"}

    assert async_to_sync(live.read(state))() == {"type": "state"}
    assert seen["open"] is True
    assert seen["wrapper"].connection is None
