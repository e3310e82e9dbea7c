"""Live events for pages that change while people look at them (the live quiz; later the pledge wall's counts).

Transport: server-sent events through Channels' channel layers, from plain async Django views (no consumers).
`settings.CHANNEL_LAYERS` picks the layer: channels_redis when `REDIS_URL` is set (production: every web
process subscribes to the same groups), `InMemoryChannelLayer` in the embedded default (one web process, see
README "The server").

- `publish(group, event)` is for sync code (a WSGI view running in one of a2wsgi's threads, a service, a task).
  It hands the send to the server's own event loop (captured by `remember_loop()` at ASGI startup and on every
  ASGI request), because the in-memory layer is asyncio-based and not thread-safe, and because channels_redis
  keeps its connections per event loop (a fresh loop per call, as `async_to_sync` would make, costs a new
  connection each time). Outside a server (a management command, a Celery worker) it falls back to
  `async_to_sync` with a Redis layer and to nothing with the in-memory one (nobody can be listening there).
- `stream(request, group, initial)` is the SSE response of an async view: the current state first (so a phone
  that dropped and reconnected is up to date at once), then every event published to the group, a comment line
  as a heartbeat every 15 s (proxies and phones drop silent connections), and an end after `lifetime` seconds:
  EventSource reconnects by itself and gets the state again, so no stream lives forever.

Publish after commit (`transaction.on_commit(lambda: publish(...))`): a stream that reads the database on
reconnect must not see less than the event said.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import connections
from django.http import StreamingHttpResponse

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15
LIFETIME_SECONDS = 120
RETRY_MS = 2000
MESSAGE_TYPE = "live.event"

_server_loop: asyncio.AbstractEventLoop | None = None


def remember_loop() -> None:
    """Note the running event loop as the server's (call from async code: ASGI startup, each ASGI request)."""
    global _server_loop
    _server_loop = asyncio.get_running_loop()


def server_loop() -> asyncio.AbstractEventLoop | None:
    loop = _server_loop
    if loop is None or loop.is_closed() or not loop.is_running():
        return None
    return loop


def read(fn: Callable) -> Callable[..., Awaitable]:
    """`fn` (sync, reads the database) as an awaitable for a stream's view, that closes this thread's database
    connections when done. Under Django's ASGI handler each request runs its sync code in a thread of its own,
    whose connection would otherwise stay open as long as the stream (minutes): 500 phones would hold 500
    PostgreSQL connections, past `max_connections`. A stream holds none while it waits."""

    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close()

    return sync_to_async(run)


def encode(event: dict) -> bytes:
    """One SSE message: the event as JSON on a `data:` line (the page reads `type` inside it)."""
    return b"data: " + json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


def publish(group: str, event: dict, *, wait: float | None = 5.0) -> bool:
    """Send `event` to every stream of `group`, from sync code. Returns False when it could not be handed
    over (no server loop for an in-memory layer, or the layer failed); live pages then catch up on their next
    reconnect, since every stream starts with the current state. `wait=None` hands the send to the server
    loop without waiting for it (for frequent, superseded events such as a count: the request is not held)."""
    layer = get_channel_layer()
    if layer is None:
        return False
    message = {"type": MESSAGE_TYPE, "event": event}
    loop = server_loop()
    try:
        if loop is not None:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is loop:  # called from the loop itself (an async view): schedule, do not block it
                loop.create_task(layer.group_send(group, message))
                return True
            future = asyncio.run_coroutine_threadsafe(layer.group_send(group, message), loop)
            if wait is not None:
                future.result(timeout=wait)
            return True
        if isinstance(layer, InMemoryChannelLayer):
            return False
        async_to_sync(layer.group_send)(group, message)
        return True
    except Exception:
        logger.exception("live event for %s not published", group)
        return False


async def _events(
    group: str, initial: Callable[[], Awaitable[dict]], lifetime: float, heartbeat: float
) -> AsyncIterator[bytes]:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    # Join before reading the state: an event published in between is then sent twice, never lost.
    await layer.group_add(group, channel)
    loop = asyncio.get_running_loop()
    end = loop.time() + lifetime
    try:
        yield f"retry: {RETRY_MS}\n\n".encode()
        yield encode(await initial())
        while (remaining := end - loop.time()) > 0:
            try:
                message = await asyncio.wait_for(layer.receive(channel), timeout=min(heartbeat, remaining))
            except TimeoutError:
                yield b": heartbeat\n\n"
                continue
            if message.get("type") == MESSAGE_TYPE:
                yield encode(message["event"])
    finally:
        await layer.group_discard(group, channel)


def stream(
    request,
    group: str,
    initial: Callable[[], Awaitable[dict]],
    *,
    lifetime: float = LIFETIME_SECONDS,
    heartbeat: float = HEARTBEAT_SECONDS,
) -> StreamingHttpResponse:
    """The SSE response for an async view. `initial` is an async callable returning the current state as an
    event (called once the stream has joined the group)."""
    remember_loop()
    response = StreamingHttpResponse(
        _events(group, initial, lifetime, heartbeat), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
